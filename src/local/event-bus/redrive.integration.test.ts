import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createAsyncInvoker, type AsyncInvoker } from './async-invoker';
import { makeEnvelope } from './envelope';
import { buildFailureRecord } from '../../redrive/on-failure-record';
import { FailureStore, parseCaptureLines } from './failure-store';
import { startLocalEventBus } from './local-event-bus';
import { redriveFailedEvents } from '../../redrive/redrive';
import { CaptureFileQueue } from './capture-file-queue';
import { inProcessInvoke } from './in-process-invoke';
import { quietLogger } from './logger';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'redrive-'));
  file = path.join(dir, 'failures.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const captured = async (): Promise<string[]> =>
  parseCaptureLines(await readFile(file, 'utf8').catch(() => '')).map(
    (l) => l.record?.requestContext.requestId ?? l.line,
  );

/** A handler that fails until `healthy` is set, remembering what it processed. */
const flakyFunction = (store: FailureStore) => {
  const state = { healthy: false, processed: [] as unknown[] };
  const invoker = createAsyncInvoker({
    functionName: 'RecordingStatusHandler',
    retryDelaysMs: [1, 2],
    failureStore: store,
    quiet: true,
    handler: async (event: unknown) => {
      if (!state.healthy) throw new Error('database unavailable');
      state.processed.push(event);
    },
  });
  return {
    state,
    invoker,
    invokerFor: (name: string): AsyncInvoker | undefined => (name === invoker.functionName ? invoker : undefined),
  };
};

/** The one redrive (src/redrive) over the local capture, delivering in process. */
const redriveFailures = (options: {
  store: FailureStore;
  invokerFor: (name: string) => AsyncInvoker | undefined;
  apply?: boolean;
}) =>
  redriveFailedEvents({
    queue: new CaptureFileQueue(options.store),
    invoke: inProcessInvoke(options.invokerFor),
    logger: quietLogger,
    ...(options.apply ? { apply: true } : {}),
  });

describe('given the redrive over the local capture', () => {
  it('given a captured failure and a handler that works again, when redriven with apply, then it is delivered once and leaves the capture', async () => {
    const store = new FailureStore(file);
    const { state, invoker, invokerFor } = flakyFunction(store);
    const event = makeEnvelope({
      source: 'custom.ivs.simulator',
      detailType: 'IVS Recording State Change',
      detail: { n: 1 },
    });
    const { requestId } = invoker.invoke(event);
    await invoker.idle();
    expect(await captured()).toEqual([requestId]);

    state.healthy = true;
    const report = await redriveFailures({ store, invokerFor, apply: true });

    expect(state.processed).toEqual([event]);
    expect(report).toMatchObject({
      applied: true,
      removed: 1,
      outcomes: [{ requestId, status: 'redelivered' }],
    });
    expect(await captured()).toEqual([]);
    expect(store.records()).toEqual([]);
  });

  it('given a captured failure, when redriven without apply, then nothing is delivered and the capture is unchanged', async () => {
    const store = new FailureStore(file);
    const { state, invoker, invokerFor } = flakyFunction(store);
    const { requestId } = invoker.invoke({ n: 1 });
    await invoker.idle();
    state.healthy = true;
    const attemptsBefore = invoker.stats().invocations;

    const report = await redriveFailures({ store, invokerFor });

    expect(report).toMatchObject({
      applied: false,
      removed: 0,
      outcomes: [{ requestId, status: 'would-redeliver' }],
    });
    expect(invoker.stats().invocations).toBe(attemptsBefore);
    expect(state.processed).toEqual([]);
    expect(await captured()).toEqual([requestId]);
  });

  it('given a handler still failing, when redriven with apply, then the record stays exactly once', async () => {
    const store = new FailureStore(file);
    const { invoker, invokerFor } = flakyFunction(store);
    const { requestId } = invoker.invoke({ n: 1 });
    await invoker.idle();

    const report = await redriveFailures({ store, invokerFor, apply: true });

    expect(report.outcomes).toMatchObject([{ requestId, status: 'not-accepted' }]);
    expect(await captured()).toEqual([requestId]);
  });

  it('given records of an unknown function and unparsable lines, when redriven with apply, then they are skipped and kept', async () => {
    const other = buildFailureRecord({
      requestId: 'r-other',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Other:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      requestPayload: {},
      at: new Date(),
    });
    await writeFile(file, `${JSON.stringify(other)}\nnot json\n`);
    const store = new FailureStore(file);
    const { invokerFor } = flakyFunction(store);

    const report = await redriveFailures({ store, invokerFor, apply: true });

    expect(report.outcomes).toEqual([
      {
        requestId: 'r-other',
        functionName: 'Other',
        status: 'not-accepted',
        reason: 'ResourceNotFoundException: Function not found: Other (no local handler)',
        condition: 'RetriesExhausted',
        attempts: 3,
        error: 'no error recorded (RetriesExhausted)',
        event: 'unknown event',
      },
    ]);
    expect(await captured()).toEqual(['r-other', 'not json']);
  });
});

describe('given a local event bus whose handler fails until fixed', () => {
  it('when an event exhausts its retries and the bus redrives it, then it lands once and the capture empties', async () => {
    let healthy = false;
    const processed: string[] = [];
    const bus = await startLocalEventBus({
      assemblyDir: inject('sandboxAssemblyDir'),
      port: 0,
      quiet: true,
      retryDelaysMs: [1, 2],
      onFailureFile: file,
      handlers: {
        RecordingStatusHandler: async (event: { id: string }) => {
          if (!healthy) throw new Error('not yet');
          processed.push(event.id);
        },
      },
    });
    try {
      const event = makeEnvelope({
        source: 'aws.ivs',
        detailType: 'IVS Recording State Change',
        detail: { recording_status: 'Recording End' },
      });
      await bus.publish(event);
      await bus.idle();
      expect(bus.failures()).toHaveLength(1);
      expect(bus.failures()[0]!.requestContext).toMatchObject({
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      });
      expect(bus.stats().functions.RecordingStatusHandler).toMatchObject({
        invocations: 3,
        retries: 2,
        failures: 1,
      });

      healthy = true;
      await bus.redrive({ apply: true });
      await bus.idle();

      expect(processed).toEqual([event.id]);
      expect(bus.failures()).toEqual([]);
      expect(await captured()).toEqual([]);
    } finally {
      await bus.stop();
    }
  });
});
