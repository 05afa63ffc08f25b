import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DeliveryJournal, replayJournal, type AcceptedEntry } from './delivery-journal';
import { makeEnvelope, type EventEnvelope } from './envelope';
import { startLocalEventBus } from './local-event-bus';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'delivery-journal-'));
  file = path.join(dir, 'journal.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const event = (id: string): EventEnvelope =>
  makeEnvelope({
    id,
    source: 'aws.ivs',
    detailType: 'IVS Stream State Change',
    detail: { event_name: 'Stream Start', stream_id: `st-${id}` },
  });

const entry = (id: string, requestIds: string[] = [`${id}-r`], acceptedAt = 1_700_000_000_000): AcceptedEntry => ({
  event: event(id),
  acceptedAt,
  deliveries: requestIds.map((requestId) => ({
    requestId,
    ruleLogicalId: 'IVSStreamStatusRule',
    functionName: 'RecordingStatusHandler',
  })),
});

const lines = async (): Promise<string[]> => (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

describe('given a journal with accepted, attempted and done deliveries', () => {
  it('when it is reopened then exactly the unfinished deliveries come back, in acceptance order, with their event, time and attempts', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true });
    await journal.accept([entry('e1'), entry('e2', ['e2-a', 'e2-b'], 1_700_000_001_000)]);
    await journal.accept([entry('e3')]);
    await journal.attempted('e2-b', 2);
    await journal.done('e1-r');
    await journal.done('e2-a');
    await journal.close();

    const { journal: reopened, replay } = await DeliveryJournal.open(file, { quiet: true });
    await reopened.close();

    expect(replay.tornTail).toBe(false);
    expect(replay.open.map((d) => [d.requestId, d.event.id, d.attempts, d.acceptedAt])).toEqual([
      ['e2-b', 'e2', 2, 1_700_000_001_000],
      ['e3-r', 'e3', 0, 1_700_000_000_000],
    ]);
    expect(replay.open[0]).toMatchObject({
      event: event('e2'),
      ruleLogicalId: 'IVSStreamStatusRule',
      functionName: 'RecordingStatusHandler',
    });
  });

  it('when it is reopened then the file is rewritten with only the unfinished deliveries', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true });
    await journal.accept([entry('e1'), entry('e2')]);
    await journal.done('e1-r');
    await journal.close();
    expect(await lines()).toHaveLength(3);

    const { journal: again } = await DeliveryJournal.open(file, { quiet: true });
    await again.close();

    expect((await lines()).map((l) => JSON.parse(l) as { type: string; event?: { id: string } })).toEqual([
      expect.objectContaining({ type: 'accepted', event: expect.objectContaining({ id: 'e2' }) }),
    ]);
  });

  it('when a delivery is not journaled (a redrive) then its attempts and completion write nothing', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true });
    await journal.attempted('unknown', 1);
    await journal.done('unknown');
    await journal.close();
    expect(await lines()).toEqual([]);
    expect(journal.stats().appends).toBe(0);
  });
});

describe('given a journal whose last write was cut short by a crash', () => {
  it('when it is reopened then the torn line is dropped, the rest replays, and later appends stay readable', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true });
    await journal.accept([entry('e1'), entry('e2')]);
    await journal.close();
    const whole = JSON.stringify({
      type: 'accepted',
      acceptedAt: new Date().toISOString(),
      event: event('e3'),
      deliveries: [],
    });
    await appendFile(file, whole.slice(0, whole.length / 2));

    const { journal: reopened, replay } = await DeliveryJournal.open(file, { quiet: true });
    expect(replay.tornTail).toBe(true);
    expect(replay.unreadableLines).toEqual([]);
    expect(replay.open.map((d) => d.event.id)).toEqual(['e1', 'e2']);
    await reopened.accept([entry('e4')]);
    await reopened.done('e1-r');
    await reopened.close();

    const { journal: last, replay: third } = await DeliveryJournal.open(file, { quiet: true });
    await last.close();
    expect(third.tornTail).toBe(false);
    expect(third.open.map((d) => d.event.id)).toEqual(['e2', 'e4']);
  });

  it('when a line in the middle is not a journal line then it is skipped, reported, and the original is kept beside', async () => {
    const accepted = JSON.stringify({
      type: 'accepted',
      acceptedAt: '2026-01-01T00:00:00.000Z',
      event: event('e1'),
      deliveries: entry('e1').deliveries,
    });
    await writeFile(file, `${accepted}\nnot a journal line\n${JSON.stringify({ type: 'done', requestId: 'e1-r' })}\n`);

    const errors: string[] = [];
    const { journal: reopened, replay } = await DeliveryJournal.open(file, {
      logger: { info: () => {}, warn: () => {}, error: (m) => errors.push(m) },
    });
    await reopened.close();

    expect(replay.unreadableLines).toEqual([2]);
    expect(replay.open).toEqual([]);
    expect(errors.join('\n')).toContain('lines 2 are not journal lines');
    expect((await readdir(dir)).some((name) => name.startsWith('journal.jsonl.unreadable-'))).toBe(true);
  });
});

describe('given the pure replay', () => {
  it('when an accepted line appears twice (a rewrite raced an append) then it is one delivery', () => {
    const line = JSON.stringify({
      type: 'accepted',
      acceptedAt: '2026-01-01T00:00:00.000Z',
      event: event('e1'),
      deliveries: entry('e1').deliveries,
    });
    const replay = replayJournal(`${line}\n${line}\n${JSON.stringify({ type: 'done', requestId: 'e1-r' })}\n`);
    expect(replay.open).toEqual([]);
  });

  it('when one event id was accepted twice with two request ids (in-process publishers may) then both deliveries stay', () => {
    const first = JSON.stringify({
      type: 'accepted',
      acceptedAt: '2026-01-01T00:00:00.000Z',
      event: event('e1'),
      deliveries: entry('e1', ['a']).deliveries,
    });
    const second = JSON.stringify({
      type: 'accepted',
      acceptedAt: '2026-01-01T00:00:01.000Z',
      event: event('e1'),
      deliveries: entry('e1', ['b']).deliveries,
    });
    const replay = replayJournal(`${first}\n${second}\n${JSON.stringify({ type: 'done', requestId: 'a' })}\n`);
    expect(replay.open.map((d) => d.requestId)).toEqual(['b']);
  });

  it.each([
    ['an attempted line with a negative count', { type: 'attempted', requestId: 'x', attempts: -1 }],
    ['an accepted line without an event', { type: 'accepted', acceptedAt: '2026-01-01T00:00:00.000Z', deliveries: [] }],
    [
      'an accepted line with a bad time',
      { type: 'accepted', acceptedAt: 'yesterday', event: event('e1'), deliveries: [] },
    ],
    ['an unknown type', { type: 'started', requestId: 'x' }],
  ])('when the text holds %s then that line is unreadable', (_, value) => {
    const replay = replayJournal(`${JSON.stringify(value)}\n${JSON.stringify({ type: 'done', requestId: 'x' })}\n`);
    expect(replay.unreadableLines).toEqual([1]);
  });
});

describe('given a journal that keeps being appended to', () => {
  it('when far more than the compaction threshold was written then the file stays bounded and keeps the open deliveries', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true, compactAfterBytes: 4096 });
    for (let i = 0; i < 200; i++) {
      await journal.accept([entry(`e${i}`)]);
      if (i % 50 !== 7) await journal.done(`e${i}-r`);
    }
    await journal.close();

    expect(journal.stats().compactions).toBeGreaterThan(0);
    // 200 accepted lines alone are about 60 KiB; a rewrite keeps the 4 open ones plus what followed it.
    expect((await stat(file)).size).toBeLessThan(3 * 4096);
    const { journal: reopened, replay } = await DeliveryJournal.open(file, { quiet: true });
    await reopened.close();
    expect(replay.open.map((d) => d.event.id)).toEqual(['e7', 'e57', 'e107', 'e157']);
  });

  it('when many appends are issued together then they share fsyncs and all are on disk when they resolve', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true });
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.accept([entry(`e${i}`)])));
    expect(await lines()).toHaveLength(50);
    expect(journal.stats().fsyncs).toBeLessThan(50);
    await journal.close();
  });
});

describe('given a local event bus with a journal', () => {
  const fakeCredentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

  it('when PutEvents answers then the event is already in the journal, and it is marked done once handled', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const bus = await startLocalEventBus({
      assemblyDir: inject('sandboxAssemblyDir'),
      port: 0,
      quiet: true,
      journalFile: file,
      handlers: { RecordingStatusHandler: () => held },
    });
    const client = new EventBridgeClient({ endpoint: bus.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    try {
      const answer = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'custom.ivs.simulator',
              DetailType: 'IVS Stream State Change',
              Detail: '{"event_name":"Stream Start"}',
            },
          ],
        }),
      );
      const eventId = answer.Entries![0]!.EventId!;
      const journaled = replayJournal(await readFile(file, 'utf8'));
      expect(journaled.open.map((d) => d.event.id)).toEqual([eventId]);

      release();
      await bus.idle();
      expect(replayJournal(await readFile(file, 'utf8')).open).toEqual([]);
      expect(bus.stats().journal).toMatchObject({ open: 0, resumed: 0 });
    } finally {
      release();
      client.destroy();
      await bus.stop();
    }
  });

  it('when a bus starts on a journal with unfinished deliveries then it runs them under their ids and keeps their retry budget', async () => {
    const { journal } = await DeliveryJournal.open(file, { quiet: true });
    await journal.accept([entry('fresh', ['fresh-r'], Date.now()), entry('retried', ['retried-r'], Date.now())]);
    // The retried delivery used its first attempt and one retry before the crash.
    await journal.attempted('retried-r', 2);
    await journal.accept([entry('finished', ['finished-r'], Date.now())]);
    await journal.done('finished-r');
    await journal.close();

    const runs: { eventId: string; requestId: string }[] = [];
    const bus = await startLocalEventBus({
      assemblyDir: inject('sandboxAssemblyDir'),
      port: 0,
      quiet: true,
      retryDelaysMs: [1, 2],
      journalFile: file,
      onFailureFile: path.join(dir, 'failed.jsonl'),
      handlers: {
        RecordingStatusHandler: async (e: EventEnvelope, context: { awsRequestId: string }) => {
          runs.push({ eventId: e.id, requestId: context.awsRequestId });
          if (e.id === 'retried') throw new Error('still failing');
        },
      },
    });
    try {
      await bus.idle();
      expect(runs).toEqual([
        { eventId: 'fresh', requestId: 'fresh-r' },
        { eventId: 'retried', requestId: 'retried-r' },
      ]);
      // Two attempts before the crash, one after: the budget of 1 + 2 retries is spent.
      expect(bus.failures().map((f) => f.requestContext)).toEqual([
        expect.objectContaining({ requestId: 'retried-r', condition: 'RetriesExhausted', approximateInvokeCount: 3 }),
      ]);
      expect(bus.stats().journal).toMatchObject({ resumed: 2, open: 0 });
    } finally {
      await bus.stop();
    }
    expect(replayJournal(await readFile(file, 'utf8')).open).toEqual([]);
  });

  it('when an event is published in-process then it is journaled before the promise resolves', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const bus = await startLocalEventBus({
      assemblyDir: inject('sandboxAssemblyDir'),
      port: 0,
      quiet: true,
      journalFile: file,
      handlers: { RecordingStatusHandler: () => held },
    });
    try {
      const result = await bus.publish(event('in-process'));
      expect(result.deliveries).toHaveLength(1);
      expect(replayJournal(await readFile(file, 'utf8')).open.map((d) => d.requestId)).toEqual([
        result.deliveries[0]!.requestId,
      ]);
    } finally {
      release();
      await bus.stop();
    }
  });
});
