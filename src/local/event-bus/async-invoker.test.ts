import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsyncInvoker, type AttemptInfo, type LocalLambdaHandler } from './async-invoker';
import { FailureStore } from './failure-store';
import { retryDelayFor, retryDelaysFromEnv } from './retry-delays';

const FAST = [5, 10];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'invoker-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failing = (times: number) => {
  const calls: { requestId: string; at: number }[] = [];
  const handler: LocalLambdaHandler = async (_event, context) => {
    calls.push({ requestId: context.awsRequestId, at: Date.now() });
    if (calls.length <= times) throw new TypeError(`boom ${calls.length}`);
    return 'ok';
  };
  return { calls, handler };
};

describe('createAsyncInvoker', () => {
  it('given a handler failing twice then succeeding, when an event is invoked, then it runs 3 times under one request id and succeeds', async () => {
    const { calls, handler } = failing(2);
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      handler,
      retryDelaysMs: [20, 40],
      quiet: true,
    });

    const { requestId, settled } = invoker.invoke({ n: 1 });
    const outcome = await settled;

    expect(outcome).toMatchObject({ requestId, outcome: 'succeeded', attempts: 3 });
    expect(calls.map((c) => c.requestId)).toEqual([requestId, requestId, requestId]);
    // The backoff grows: ~20 ms, then ~40 ms.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(18);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(38);
    expect(invoker.stats()).toMatchObject({
      invocations: 3,
      retries: 2,
      succeeded: 1,
      failures: 0,
    });
    expect(invoker.failures()).toEqual([]);
  });

  it('given a handler that always fails, when an event is invoked, then exactly one on-failure record is captured in file and memory', async () => {
    const file = path.join(dir, 'failures.jsonl');
    const { calls, handler } = failing(Infinity);
    const invoker = createAsyncInvoker({
      functionName: 'RecordingStatusHandler',
      handler,
      retryDelaysMs: FAST,
      failureStore: new FailureStore(file),
      region: 'eu-west-1',
      account: '111122223333',
      quiet: true,
    });
    const event = { source: 'custom.ivs.simulator', detail: { a: 1 } };

    const { requestId } = invoker.invoke(event);
    await invoker.idle();

    expect(calls).toHaveLength(3);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId,
        functionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:RecordingStatusHandler:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'TypeError', errorMessage: 'boom 3', trace: expect.any(Array) },
    });
    expect(invoker.failures()).toEqual([record]);
    expect(invoker.stats()).toMatchObject({
      invocations: 3,
      retries: 2,
      succeeded: 0,
      failures: 1,
    });
  });

  it('given maximumRetryAttempts 0, when the handler fails, then it is not retried', async () => {
    const { calls, handler } = failing(Infinity);
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      handler,
      maximumRetryAttempts: 0,
      quiet: true,
    });
    const outcome = await invoker.invoke({}).settled;
    expect(calls).toHaveLength(1);
    expect(outcome.failure?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    });
  });

  it('given an event older than the maximum age when its retry comes, then it ends as EventAgeExceeded', async () => {
    const { calls, handler } = failing(Infinity);
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      handler,
      maximumEventAgeMs: 30,
      retryDelaysMs: [60, 60],
      quiet: true,
    });
    const outcome = await invoker.invoke({}).settled;
    expect(calls).toHaveLength(1);
    expect(outcome).toMatchObject({
      outcome: 'failed',
      condition: 'EventAgeExceeded',
      attempts: 1,
    });
    expect(outcome.failure?.responsePayload?.errorMessage).toBe('boom 1');
  });

  it('given a handler slower than the timeout, when invoked, then the attempt fails as a timeout and is retried', async () => {
    let calls = 0;
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      handler: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, calls === 1 ? 200 : 0));
      },
      timeoutMs: 20,
      retryDelaysMs: FAST,
      quiet: true,
    });
    const outcome = await invoker.invoke({}).settled;
    expect(outcome).toMatchObject({ outcome: 'succeeded', attempts: 2 });
  });

  it('given concurrency 3 and 12 slow events, when they are invoked, then never more than 3 run at once and all finish', async () => {
    let running = 0;
    let peak = 0;
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      concurrency: 3,
      quiet: true,
      handler: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 15));
        running--;
      },
    });
    for (let i = 0; i < 12; i++) invoker.invoke({ i });
    expect(invoker.stats().queued).toBe(12);
    await invoker.idle();
    expect(peak).toBe(3);
    expect(invoker.stats()).toMatchObject({ succeeded: 12, queued: 0, running: 0 });
  });

  it('given hooks, when an event fails once then succeeds, then each attempt and the settlement are reported with latencies', async () => {
    const attempts: AttemptInfo[] = [];
    const settled: number[] = [];
    const { handler } = failing(1);
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      handler,
      retryDelaysMs: FAST,
      quiet: true,
      hooks: { onAttempt: (a) => attempts.push(a), onSettled: (s) => settled.push(s.latencyMs) },
    });
    await invoker.invoke({}).settled;
    expect(attempts.map((a) => [a.attempt, a.error?.errorMessage])).toEqual([
      [1, 'boom 1'],
      [2, undefined],
    ]);
    expect(settled).toHaveLength(1);
    expect(settled[0]).toBeGreaterThanOrEqual(4);
  });

  it('given a callback-style handler, when it answers through the callback, then its error is retried', async () => {
    let calls = 0;
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      retryDelaysMs: FAST,
      quiet: true,
      handler: (_event, _context, callback) => {
        calls++;
        setTimeout(() => callback(calls === 1 ? new Error('first') : null, 'done'), 1);
      },
    });
    expect(await invoker.invoke({}).settled).toMatchObject({ outcome: 'succeeded', attempts: 2 });
  });

  it('given a draining invoker, when a new event is invoked, then it is refused', async () => {
    const invoker = createAsyncInvoker({
      functionName: 'Fn',
      handler: async () => {},
      quiet: true,
    });
    await invoker.drain();
    expect(() => invoker.invoke({})).toThrow(/draining/);
  });
});

describe('retry delays', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['50', [50, 100]],
    ['10,30', [10, 30]],
  ])('given LOCAL_RETRY_DELAY_MS=%j, when read, then the delays are %j', (value, expected) => {
    expect(retryDelaysFromEnv(value)).toEqual(expected);
  });

  it('given a malformed LOCAL_RETRY_DELAY_MS, when read, then it fails loudly', () => {
    expect(() => retryDelaysFromEnv('fast')).toThrow(/LOCAL_RETRY_DELAY_MS/);
  });

  it('given more retries than delays, when a delay is asked for, then the last one keeps doubling', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayFor([200, 400], n))).toEqual([200, 400, 800, 1600]);
  });
});
