import { describe, expect, it } from 'vitest';
import { CostTable } from './cost-table';
import type { PipelineResult } from './pipeline';
import type { RecordDiff } from './record-check';
import { COLD_CONTAINER_HANDLER, renderMarkdownReport, renderPlainReport, type BenchReport } from './report';

const exact = (n: number): RecordDiff => ({
  expected: n,
  matched: n,
  missing: [],
  duplicated: [],
  extraRows: 0,
  mismatched: [],
  unexpected: 0,
});

const costs = (handler: string, tableRows: number, requests: number) => {
  const table = new CostTable();
  table.add('Stream Start', { requests, itemsRead: 1, latencyMs: 5, dynamoOperations: { GetItem: 1 } });
  return {
    handler,
    tableRows,
    channels: 1,
    recordings: 1,
    deliveries: 1,
    rows: table.rows(),
    failedEvents: 0,
    stateChanges: { events: 1, requests },
    lookups: null,
    check: { recordings: exact(1), streamSessions: exact(1) },
  };
};

const pipeline: PipelineResult = {
  channels: 2,
  recordings: 3,
  streamSessions: 4,
  events: 30,
  duplicatesSent: 3,
  deliveries: 33,
  putEventsCalls: 4,
  failedEntries: 0,
  seconds: 1.5,
  eventsPerSecond: 22,
  latencyMs: { count: 33, mean: 10, p50: 9, p99: 20, max: 21 },
  attemptMs: { count: 35, mean: 5, p50: 5, p99: 9, max: 9 },
  invocations: 35,
  retries: 2,
  capturedFailures: 0,
  redriveRounds: 0,
  redelivered: 0,
  stillFailed: 0,
  proxy: {
    requests: 60,
    byOperation: {},
    injected: { unavailable: 1, throttled: 2, lost_response: 3 },
    upstreamErrors: 0,
  },
  check: { recordings: exact(3), streamSessions: { ...exact(4), matched: 3, missing: ['st-x'] } },
};

const report: BenchReport = {
  machine: {
    date: '2026-01-01T00:00:00.000Z',
    cpuModel: 'Test CPU',
    cores: 2,
    memoryGiB: 8,
    node: 'v20.0.0',
    platform: 'linux',
    commit: 'abc123',
    dirty: true,
  },
  mode: 'default',
  options: {},
  seeding: [{ rows: 1000, seconds: 0.5 }],
  requestCosts: [
    costs('RecordingStatusHandler', 1000, 1),
    costs(COLD_CONTAINER_HANDLER, 1000, 2),
    costs('baseline (list + filter)', 1000, 4),
  ],
  frontendQueries: null,
  coldStart: null,
  throughput: pipeline,
  soak: null,
  durationSeconds: 12,
};

describe('given a benchmark report', () => {
  it('when rendered as Markdown then it names the date, machine and commit, and each measured section', () => {
    const md = renderMarkdownReport(report);
    expect(md).toContain('- Date: 2026-01-01T00:00:00.000Z');
    expect(md).toContain('Test CPU, 2 cores, 8 GiB, Node v20.0.0');
    expect(md).toContain('Commit: abc123 (with uncommitted changes)');
    expect(md).toContain('## 1. Data API requests');
    expect(md).toContain('| Stream Start | 1 req, 1 items |');
    expect(md).toContain('## 1b. The same, every event on a cold container');
    expect(md).toContain('| Stream Start | 2 req, 1 items |');
    expect(md).toContain('## 2. BASELINE');
    expect(md).toContain('| Stream Start | 4 req, 1 items |');
    expect(md).not.toContain('## 3.');
    expect(md).toContain('at most 1.2 requests per event on average: met; at most 1.1 per state change: met');
    expect(md).not.toContain('Sections run');
  });

  it('when the warm handler, the cold container and the baseline were measured then one table puts them side by side', () => {
    const md = renderMarkdownReport(report);
    expect(md).toContain('| RecordingStatusHandler | 1 req, 1 items per event; 1 req per state change |');
    expect(md).toContain(`| ${COLD_CONTAINER_HANDLER} | 2 req, 1 items per event; 2 req per state change |`);
    expect(md).toContain('| baseline (list + filter) | 4 req, 1 items per event; 4 req per state change |');
  });

  it('when the warm handler costs more than the aims then the note says they are not met', () => {
    const md = renderMarkdownReport({ ...report, requestCosts: [costs('RecordingStatusHandler', 1000, 2)] });
    expect(md).toContain('at most 1.2 requests per event on average: NOT met; at most 1.1 per state change: NOT met');
  });

  it('when only some sections were run then the header says which, and where the others come from', () => {
    const md = renderMarkdownReport({
      ...report,
      partial: { sections: ['cold-start'], keptFrom: { date: '2025-12-31T00:00:00.000Z', commit: 'def456' } },
    });
    expect(md).toContain(
      '- Sections run: cold-start (`--only`); the others are from the run of 2025-12-31T00:00:00.000Z, commit def456',
    );
  });

  it('when the pipeline lost a record then the tables say so', () => {
    const plain = renderPlainReport(report);
    expect(plain).toContain('3/4 exact, 1 missing');
    expect(plain).toMatch(/lost \/ duplicated records\s+1 \/ 0/);
  });
});

describe('given a cold start measured beside the minimal handler', () => {
  const run = (totalMs: number) => ({
    bootMs: 30,
    importMs: totalMs - 80,
    firstEventMs: 50,
    totalMs,
    wallMs: totalMs + 100,
  });
  const median = (totalMs: number) => ({ importMs: totalMs - 80, firstEventMs: 50, totalMs, wallMs: totalMs + 100 });
  const coldStart = (handlerMs: number): NonNullable<BenchReport['coldStart']> => ({
    bundle: {
      file: '.amplify/bench-synth/asset.abc/index.mjs',
      assetHash: 'abcdef1234567890',
      bytes: 660_000,
      sourceMapBytes: 2_000_000,
    },
    breakdown: [{ name: 'graphql', characters: 285_000, share: 0.43, bytes: 285_000 }],
    runs: [run(handlerMs)],
    median: median(handlerMs),
    minimal: {
      file: 'bench/minimal-write-handler.ts',
      bytes: 20_000,
      runtime: 'nodejs20.x',
      sameBundling: true,
      runs: [run(100)],
      median: median(100),
    },
    ratio: handlerMs / 100,
  });

  it('when rendered then both handlers sit side by side with the ratio and the 200 ms aim', () => {
    const md = renderMarkdownReport({ ...report, coldStart: coldStart(180) });
    expect(md).toContain('| measure | handler | minimal handler | aim |');
    expect(md).toContain('| bundle size (index.mjs) | 660 kB | 20 kB | 1000 kB: met |');
    expect(md).toContain('| process start to first event written (median) | 180 ms | 100 ms | 200 ms: met |');
    expect(md).toContain('| handler / minimal handler, process start to first event written | 1.80x | 1x |  |');
    expect(md).toContain('the real handler rebuilt that way is byte for byte the synthesized asset');
  });

  it('when the handler is slower than the aim then the table says it is not met', () => {
    expect(renderMarkdownReport({ ...report, coldStart: coldStart(250) })).toContain(
      '| 250 ms | 100 ms | 200 ms: NOT met |',
    );
  });
});

describe('given a soak in the loss mode', () => {
  const tally = (reasons: Record<string, number>, wrong: number) => ({
    expected: 10,
    exact: { events: 6, parking: 1, reconciliation: 1 },
    unknowable: 2 - wrong,
    wrong,
    reasons,
  });
  const cost = { requests: 12, writes: 4, repaired: 4, requestsPerRepair: 3 };
  const soak = (wrong: number): BenchReport => ({
    ...report,
    mode: 'soak',
    soak: {
      ...pipeline,
      loss: {
        mode: { streamLoss: 0.05, recordingLoss: 0.01, lateFraction: 0.1, lateProfileFraction: 0.1 },
        lostEvents: { stream: 3, recording: 1 },
        lateEvents: 5,
        lateProfileChannels: 1,
        profileReplay: { ...cost, profiles: 1 },
        reconciliation: { ...cost, rounds: 2, perRound: [], pendingWhy: {}, endFiles: 9, ivsSessions: 12 },
        wrongKeys: { recordings: [], streamSessions: wrong ? ['st-x'] : [] },
        recordings: tally({}, 0),
        streamSessions: tally(
          {
            'Stream Failure lost: statusReason unknowable': 2 - wrong,
            ...(wrong ? { 'endTime wrong (nothing lost)': 1 } : {}),
          },
          wrong,
        ),
      },
    },
  });

  it('when rendered then it says how records came out exact, why the others differ, and the repair costs', () => {
    const md = renderMarkdownReport(soak(0));
    expect(md).toContain('## Soak, loss mode (--soak-loss)');
    expect(md).toContain(
      '8/10 exact (6 by their events, 1 through parking and replay, 1 completed by reconciliation); 2 differ only in facts no source holds; 0 wrong',
    );
    expect(md).toContain('| Stream Failure lost: statusReason unknowable | 0 | 2 |');
    expect(md).toContain('12 requests (4 writes) for 4 replayed events: 3 per replayed event');
    expect(md).toContain('Every record is exact or differs only in facts no source holds.');
  });

  it('when a record is wrong then the note says so', () => {
    const md = renderMarkdownReport(soak(1));
    expect(md).toContain('| endTime wrong (nothing lost) | 0 | 1 |');
    expect(md).toContain('SOME RECORDS ARE WRONG');
  });
});
