import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureFileQueue } from '../local/event-bus/capture-file-queue';
import { buildFailureRecord } from './on-failure-record';
import { redriveFailedEvents } from './redrive';
import { SqsFailedEventQueue } from './sqs-failed-event-queue';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const body = (requestId: string) =>
  JSON.stringify(
    buildFailureRecord({
      requestId,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:RecordingStatusHandler:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      requestPayload: { id: `event-${requestId}` },
      at: new Date('2026-11-23T10:00:00Z'),
    }),
  );

/** An SQS queue in memory, answering the two commands redrive sends. */
const fakeSqs = (messages: { MessageId: string; Body: string }[]) => {
  const deleted: string[] = [];
  const received: number[] = [];
  let served = false;
  const sqs = {
    send: async (command: unknown) => {
      if (command instanceof ReceiveMessageCommand) {
        received.push(command.input.VisibilityTimeout ?? -1);
        if (served) return { Messages: [] };
        served = true;
        return { Messages: messages.map((m) => ({ ...m, ReceiptHandle: `rh-${m.MessageId}` })) };
      }
      if (command instanceof DeleteMessageCommand) {
        deleted.push(command.input.ReceiptHandle!);
        return {};
      }
      throw new Error('unexpected command');
    },
  } as unknown as Pick<SQSClient, 'send'>;
  return { sqs, deleted, received };
};

describe('given messages in the on-failure SQS queue', () => {
  it('when redriven with apply then the message of each accepted event is deleted and a refused one stays', async () => {
    const { sqs, deleted } = fakeSqs([
      { MessageId: 'm1', Body: body('r1') },
      { MessageId: 'm2', Body: body('r2') },
    ]);
    const invoked: unknown[] = [];
    const summary = await redriveFailedEvents({
      queue: new SqsFailedEventQueue(sqs, 'https://sqs.us-east-1.amazonaws.com/123456789012/failed'),
      invoke: async (functionName, payload) => {
        if ((payload as { id: string }).id === 'event-r2')
          throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
        invoked.push([functionName, payload]);
        return { requestId: 'new' };
      },
      apply: true,
      functionName: 'amplify-RecordingStatusHandler-abc',
      logger: silent,
    });
    expect(invoked).toEqual([['amplify-RecordingStatusHandler-abc', { id: 'event-r1' }]]);
    expect(deleted).toEqual(['rh-m1']);
    expect(summary.outcomes.map((o) => o.status)).toEqual(['redelivered', 'not-accepted']);
  });

  it('when redriven as a dry run then nothing is invoked or deleted', async () => {
    const { sqs, deleted } = fakeSqs([{ MessageId: 'm1', Body: body('r1') }]);
    let invoked = 0;
    const summary = await redriveFailedEvents({
      queue: new SqsFailedEventQueue(sqs, 'https://sqs.us-east-1.amazonaws.com/123456789012/failed', 0),
      invoke: async () => {
        invoked++;
        return { requestId: undefined };
      },
      logger: silent,
    });
    expect(invoked).toBe(0);
    expect(deleted).toEqual([]);
    expect(summary.outcomes).toEqual([
      {
        requestId: 'r1',
        functionName: 'RecordingStatusHandler',
        status: 'would-redeliver',
        condition: 'RetriesExhausted',
        attempts: 3,
        error: 'no error recorded (RetriesExhausted)',
        event: 'unknown event, id event-r1',
      },
    ]);
  });
});

describe('given a capture with an event no retry can fix, a transient one and an unreadable line', () => {
  const captured = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'redrive-discard-'));
    const file = path.join(dir, 'failed-events.jsonl');
    await writeFile(file, `${body('r1')}\n${body('r2')}\nnot json\n${body('r1')}\n`);
    const requestIds = async () =>
      (await readFile(file, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) =>
          line.startsWith('{')
            ? (JSON.parse(line) as { requestContext: { requestId: string } }).requestContext.requestId
            : line,
        );
    return { queue: new CaptureFileQueue(file), requestIds };
  };
  const neverInvoked = async (): Promise<{ requestId: undefined }> => {
    throw new Error('a discard never invokes');
  };

  it('when one is discarded by request id then it and its duplicate leave the capture, with why it failed, and the others stay', async () => {
    const { queue, requestIds } = await captured();
    const summary = await redriveFailedEvents({
      queue,
      invoke: neverInvoked,
      apply: true,
      discard: { requestIds: new Set(['r1']) },
      logger: silent,
    });
    expect(summary.outcomes).toEqual([
      {
        requestId: 'r1',
        functionName: 'RecordingStatusHandler',
        status: 'discarded',
        condition: 'RetriesExhausted',
        attempts: 3,
        error: 'no error recorded (RetriesExhausted)',
        event: 'unknown event, id event-r1',
      },
      expect.objectContaining({ requestId: 'r2', status: 'kept' }),
    ]);
    expect(summary.removed).toBe(2);
    expect(await requestIds()).toEqual(['r2', 'not json']);
  });

  it('when the discard is a dry run then it says what it would discard and the capture is unchanged', async () => {
    const { queue, requestIds } = await captured();
    const before = await requestIds();
    const summary = await redriveFailedEvents({
      queue,
      invoke: neverInvoked,
      discard: { requestIds: new Set(['r2', 'r9']) },
      logger: silent,
    });
    expect(summary.outcomes.map((o) => [o.requestId, o.status])).toEqual([
      ['r1', 'kept'],
      ['r2', 'would-discard'],
    ]);
    expect(summary.notFound).toEqual(['r9']);
    expect(await requestIds()).toEqual(before);
  });

  it('when all are discarded then the capture is empty, the unreadable line included', async () => {
    const { queue, requestIds } = await captured();
    const summary = await redriveFailedEvents({
      queue,
      invoke: neverInvoked,
      apply: true,
      discard: { all: true },
      logger: silent,
    });
    expect(summary.outcomes.map((o) => o.status)).toEqual(['discarded', 'discarded']);
    expect(await requestIds()).toEqual(['not json']);
  });
});
