// The local stack killed with SIGKILL during a burst of PutEvents, then started again on the
// same data folder: every event PutEvents acknowledged is applied, once, by the real handler.
// The stack runs in a child process (test-fixtures/stack-child.ts) so that it can be killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../cloud-assembly/synthesize';
import { DELIVERY_JOURNAL_FILE } from '../stack/local-stack';
import { parseJournalLine } from './delivery-journal';
import type { JournalStats } from './local-event-bus';

const CHILD = fileURLToPath(new URL('./test-fixtures/stack-child.ts', import.meta.url));
const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1';
const RECORDINGS = 30;
/** The first life runs this many deliveries; the next one hangs, and everything after it waits. */
const HOLD_AFTER = 20;
/** Recordings sent before the crash phase: enough deliveries to reach the hold. */
const CALM_RECORDINGS = 15;
/** Acknowledgements of the crash phase after which the stack is killed. */
const KILL_AFTER_ACKS = 10;
const LANES = 3;

type ReadyMessage = { ready: { events: string; resumed: number } };
type IdleMessage = {
  idle: {
    metrics: Record<string, number>;
    failures: number;
    journal: JournalStats | null;
    recordings: {
      recordingSessionId: string;
      recordingStatus: string;
      recordingDurationMs: number | null;
      streamSessionId: string;
    }[];
    sessions: { id: string; status: string }[];
  };
};
type ChildMessage = ReadyMessage | IdleMessage | { holding: number };

type Child = {
  process: ChildProcess;
  next<T extends ChildMessage>(key: string): Promise<T>;
  exited: Promise<NodeJS.Signals | number | null>;
};

const startChild = (env: Record<string, string>): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: ChildMessage[] = [];
  const waiters: { key: string; resolve: (m: ChildMessage) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  let buffered = '';
  const deliver = () => {
    for (const waiter of [...waiters]) {
      const found = messages.find((m) => waiter.key in m);
      if (found) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('@child ')) messages.push(JSON.parse(line.slice('@child '.length)) as ChildMessage);
    }
    deliver();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`the stack child exited (${signal ?? code}) before "${waiter.key}":\n${stderr}`));
      }
      resolve(signal ?? code);
    }),
  );
  return {
    process: child,
    exited,
    next: <T extends ChildMessage>(key: string) =>
      new Promise<T>((resolve, reject) => {
        waiters.push({ key, resolve: resolve as (m: ChildMessage) => void, reject });
        deliver();
      }),
  };
};

const pad = (i: number) => String(i).padStart(3, '0');
const streamId = (i: number) => `st-1Durable${pad(i)}`;
const sessionId = (i: number) => `DurableRec${pad(i)}`;
const durationMs = (i: number) => 60_000 + i;

const stream = (i: number, eventName: string): PutEventsRequestEntry => ({
  Source: 'custom.ivs.simulator',
  DetailType: 'IVS Stream State Change',
  Resources: [CHANNEL],
  Detail: JSON.stringify({ event_name: eventName, channel_name: 'Demo Channel', stream_id: streamId(i) }),
});
const recording = (i: number, status: string, duration: number): PutEventsRequestEntry => ({
  Source: 'custom.ivs.simulator',
  DetailType: 'IVS Recording State Change',
  Resources: [CHANNEL],
  Detail: JSON.stringify({
    channel_name: 'Demo Channel',
    stream_id: streamId(i),
    recording_status: status,
    recording_status_reason: '',
    recording_s3_bucket_name: 'ivs-recordings-demo-123456789012',
    recording_s3_key_prefix: `ivs/v1/123456789012/DemoChannel1/2026/11/30/07/00/${sessionId(i)}`,
    recording_duration_ms: duration,
    recording_session_id: sessionId(i),
    recording_session_stream_ids: [streamId(i)],
  }),
});
/** One request each: a recording's start, then its end, both acknowledged (or not) as a whole. */
const startRequest = (i: number) => [stream(i, 'Stream Start'), recording(i, 'Recording Start', 0)];
const endRequest = (i: number) => [recording(i, 'Recording End', durationMs(i)), stream(i, 'Stream End')];

const clientFor = (endpoint: string) =>
  new EventBridgeClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // An unanswered request must stay unanswered: no retry against the restarted stack.
    maxAttempts: 1,
  });

const waitUntil = async (check: () => Promise<boolean>): Promise<void> => {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
};

let localDir: string;
let acked: { start: Set<number>; end: Set<number> };
let resumed: number;
let report: IdleMessage['idle'];
let killedBy: NodeJS.Signals | number | null;
const children: Child[] = [];

beforeAll(async () => {
  localDir = await mkdtemp(path.join(tmpdir(), 'durable-bus-'));
  const env = { STACK_CHILD_LOCAL_DIR: localDir, STACK_CHILD_ASSEMBLY_DIR: inject('sandboxAssemblyDir') };
  acked = { start: new Set(), end: new Set() };

  // First life: 15 recordings in, the handler stops after 20 deliveries and the rest wait.
  const first = startChild({ ...env, STACK_CHILD_HOLD_AFTER: String(HOLD_AFTER) });
  children.push(first);
  const ready = await first.next<ReadyMessage>('ready');
  const events = clientFor(ready.ready.events);
  const put = async (i: number, kind: 'start' | 'end') => {
    const answer = await events.send(
      new PutEventsCommand({ Entries: kind === 'start' ? startRequest(i) : endRequest(i) }),
    );
    if (answer.FailedEntryCount !== 0) throw new Error(`entries failed: ${JSON.stringify(answer.Entries)}`);
    acked[kind].add(i);
  };
  for (let i = 0; i < CALM_RECORDINGS; i++) {
    await put(i, 'start');
    await put(i, 'end');
  }
  await first.next('holding');
  // The deliveries that ran are marked done on disk before the crash (so the next life must not redo them).
  const journalFile = path.join(localDir, DELIVERY_JOURNAL_FILE);
  await waitUntil(async () => {
    const text = await readFile(journalFile, 'utf8');
    return text.split('\n').filter((l) => parseJournalLine(l)?.type === 'done').length >= HOLD_AFTER;
  });

  // The burst: three senders, SIGKILL right after the tenth acknowledgement, requests still in flight.
  let acks = 0;
  let killed = false;
  const lane = async (lane: number) => {
    for (let i = CALM_RECORDINGS + lane; i < RECORDINGS && !killed; i += LANES) {
      for (const kind of ['start', 'end'] as const) {
        if (killed) return;
        try {
          await put(i, kind);
        } catch {
          return; // refused or cut off by the kill: not acknowledged
        }
        if (++acks === KILL_AFTER_ACKS) {
          killed = true;
          first.process.kill('SIGKILL');
        }
      }
    }
  };
  await Promise.all([0, 1, 2].map(lane));
  killedBy = await first.exited;
  events.destroy();

  // Second life on the same folder: it resumes what the first one left open.
  const second = startChild({ ...env, STACK_CHILD_REPORT_IDLE: '1' });
  children.push(second);
  resumed = (await second.next<ReadyMessage>('ready')).ready.resumed;
  report = (await second.next<IdleMessage>('idle')).idle;
  second.process.kill('SIGTERM');
  await second.exited;
}, 240_000);

afterAll(async () => {
  for (const child of children)
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await rm(localDir, { recursive: true, force: true });
});

describe('given a local stack killed with SIGKILL during a burst of PutEvents and started again', () => {
  it('when it was killed then deliveries were still open: some acknowledged events had not run', () => {
    expect(killedBy).toBe('SIGKILL');
    // Answers that arrived in the same tick as the tenth were acknowledged too.
    expect(acked.start.size + acked.end.size).toBeGreaterThanOrEqual(2 * CALM_RECORDINGS + KILL_AFTER_ACKS);
    expect(acked.start.size + acked.end.size).toBeLessThan(2 * RECORDINGS);
    // Each request holds two entries; at most HOLD_AFTER deliveries ran before the kill.
    expect(resumed).toBeGreaterThanOrEqual(2 * (acked.start.size + acked.end.size) - HOLD_AFTER);
  });

  it('when the second life is idle then every acknowledged recording exists once with its final status', () => {
    const bySession = new Map<string, IdleMessage['idle']['recordings']>();
    for (const r of report.recordings)
      bySession.set(r.recordingSessionId, [...(bySession.get(r.recordingSessionId) ?? []), r]);
    expect([...bySession.values()].filter((rs) => rs.length > 1)).toEqual([]);
    const sessions = new Map(report.sessions.map((s) => [s.id, s.status]));
    expect(sessions.size).toBe(report.sessions.length);

    for (const i of acked.end) {
      expect(bySession.get(sessionId(i))?.[0], sessionId(i)).toMatchObject({
        recordingStatus: 'COMPLETED',
        recordingDurationMs: durationMs(i),
        streamSessionId: streamId(i),
      });
      expect(sessions.get(streamId(i)), streamId(i)).toBe('ENDED');
    }
    for (const i of [...acked.start].filter((i) => !acked.end.has(i))) {
      // Its end was sent and maybe journaled, but never acknowledged: either is right.
      expect(['STARTED', 'COMPLETED'], sessionId(i)).toContain(bySession.get(sessionId(i))?.[0]?.recordingStatus);
    }
  });

  it('when the second life resumed the open deliveries then each was applied exactly once and none failed', () => {
    // The deliveries that ran in the first life were marked done: none ran again (it would count as a duplicate).
    expect(report.metrics.EventsSkippedDuplicate ?? 0).toBe(0);
    expect(report.metrics.EventsProcessed).toBe(resumed);
    expect(report.metrics.EventsFailed ?? 0).toBe(0);
    expect(report.failures).toBe(0);
    expect(report.journal).toMatchObject({ open: 0, resumed });
  });
});
