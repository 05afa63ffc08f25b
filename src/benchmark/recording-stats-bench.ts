/**
 * Section 6: what `recordingStats` costs one owner as the table grows. The table is seeded
 * straight into dynalite (BatchWriteItem, not through the API: this measures the read, and
 * seeding 100 000 rows through GraphQL would take most of an hour), one measured owner with
 * the same recordings at every size and the rest spread over many owners in the same days.
 * Then the real RecordingStats handler module answers the measured owner for 30 days, counted
 * at the proxy (data API requests) and at dynalite (items read, operations); beside it, the
 * same answer read with `Recording.list({ filter })`, a scan, to show what the index avoids.
 */
import { performance } from 'node:perf_hooks';
import { recordingStats, type RecordingStats, type StatsRecording } from '../recording-stats/recording-stats';
import { parseStatsRange } from '../recording-stats/stats-range';
import { allPages } from '../records-store/paging';
import { STATS_SELECTION, statsRecordingOf } from '../records-store/owner-recordings-in-range';
import { ownerValueFor } from '../user-directory/owner-value';
import type { BenchStack } from './bench-stack';
import { median } from './percentiles';
import { batchWrite, marshallItem } from './dynamo-direct';
import {
  MEASURED_OWNER_RECORDINGS,
  MEASURED_USER,
  OTHER_OWNERS,
  STATS_QUERY_RANGE,
  statsSeedRow,
} from './stats-seed-rows';

export type StatsCost = {
  /** Data API requests (GraphQL, pages). */
  requests: number;
  itemsRead: number;
  /** DynamoDB operations by name. */
  dynamoOperations: Record<string, number>;
  wallMs: number;
};

export type RecordingStatsMeasure = {
  tableRows: number;
  seedSeconds: number;
  /** The measured owner's recordings in the range (tombstones included): what the index read returns. */
  ownerRowsInRange: number;
  query: StatsCost;
  /** Recording.list with a filter on owner and recordedAt, every page: the scan the index avoids. */
  baseline: StatsCost;
  /** The answer equals the pure fold over the seeded rows of the owner (and the baseline's rows give it too). */
  answerMatches: boolean;
};

export type RecordingStatsBench = {
  range: { from: string; to: string };
  ownerRecordings: number;
  owners: number;
  rows: RecordingStatsMeasure[];
};

type StatsHandler = (event: { arguments: unknown; identity: unknown }) => Promise<RecordingStats>;

const cost = async <T>(stack: BenchStack, run: () => Promise<T>): Promise<{ result: T; cost: StatsCost }> => {
  const requests = stack.proxy.stats().requests;
  const before = stack.data().api.stats();
  const operations = { ...before.dynamoRequests };
  const started = performance.now();
  const result = await run();
  const wallMs = performance.now() - started;
  const after = stack.data().api.stats();
  return {
    result,
    cost: {
      requests: stack.proxy.stats().requests - requests,
      itemsRead: after.itemsRead - before.itemsRead,
      dynamoOperations: Object.fromEntries(
        Object.entries(after.dynamoRequests)
          .map(([op, n]) => [op, n - (operations[op] ?? 0)] as const)
          .filter(([, n]) => n > 0),
      ),
      wallMs,
    },
  };
};

/** Seeds a fresh table up to each size in turn and measures the measured owner's 30 days at each. */
export const measureRecordingStats = async (
  stack: BenchStack,
  sizes: readonly number[],
  log: (line: string) => void,
): Promise<RecordingStatsBench> => {
  const tooSmall = sizes.find((size) => size < MEASURED_OWNER_RECORDINGS);
  if (tooSmall !== undefined) {
    throw new Error(`recording-stats needs tables of at least ${MEASURED_OWNER_RECORDINGS} rows, got ${tooSmall}`);
  }
  // The handler module configures Amplify from the environment bench-stack set (its endpoint: the proxy).
  const { handler } = (await import('../../amplify/functions/recording-stats/handler')) as { handler: StatsHandler };
  // One answer first, not counted: the module's first call sets up the data client.
  await handler({ arguments: STATS_QUERY_RANGE, identity: { ...MEASURED_USER, claims: {} } });
  const phase = await stack.freshData();
  const range = parseStatsRange(STATS_QUERY_RANGE);
  const owner = ownerValueFor(MEASURED_USER);
  const ownerRows: StatsRecording[] = [];
  const rows: RecordingStatsMeasure[] = [];
  let seeded = 0;
  for (const size of [...sizes].sort((a, b) => a - b)) {
    log(`recording-stats: seeding to ${size.toLocaleString('en-US')} Recordings (BatchWriteItem into dynalite)...`);
    const started = performance.now();
    const CHUNK = 5_000;
    for (let start = seeded; start < size; start += CHUNK) {
      const end = Math.min(size, start + CHUNK);
      const batch = Array.from({ length: end - start }, (_, k) => statsSeedRow(start + k));
      for (const r of batch) if (r.owner === 0) ownerRows.push(r.stats);
      await batchWrite(
        phase.dynamo,
        phase.tables.Recording,
        batch.map((r) => marshallItem(r.row)),
      );
      if (end % 25_000 === 0) log(`  ${end}/${size}`);
    }
    const seedSeconds = (performance.now() - started) / 1000;
    seeded = size;
    const expected = recordingStats(range, ownerRows);

    log(`recording-stats: the query for one owner over 30 days at ${size.toLocaleString('en-US')} rows...`);
    const ask = () => handler({ arguments: STATS_QUERY_RANGE, identity: { ...MEASURED_USER, claims: {} } });
    // Three answers: the counts of each are the same; the wall time is their median.
    const runs = [await cost(stack, ask), await cost(stack, ask), await cost(stack, ask)];
    const query = {
      result: runs[0]!.result,
      cost: { ...runs[0]!.cost, wallMs: median(runs.map((r) => r.cost.wallMs)) },
    };
    log(`  ${query.cost.requests} requests, ${query.cost.itemsRead} items, ${query.cost.wallMs.toFixed(0)} ms`);
    log('recording-stats: the same rows by list + filter (a scan)...');
    const baseline = await cost(stack, () =>
      allPages('Recording.list', (nextToken) =>
        stack.client.models.Recording.list({
          filter: { owner: { eq: owner }, recordedAt: { between: [range.from, range.to] } },
          selectionSet: STATS_SELECTION,
          nextToken,
        }),
      ),
    );
    log(
      `  ${baseline.cost.requests} requests, ${baseline.cost.itemsRead} items, ${baseline.cost.wallMs.toFixed(0)} ms`,
    );
    const fromBaseline = recordingStats(range, baseline.result.map(statsRecordingOf));
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    rows.push({
      tableRows: size,
      seedSeconds,
      ownerRowsInRange: expected.recordings + expected.deleted,
      query: query.cost,
      baseline: baseline.cost,
      answerMatches: same(query.result, expected) && same(fromBaseline, expected),
    });
  }
  return {
    range: STATS_QUERY_RANGE,
    ownerRecordings: MEASURED_OWNER_RECORDINGS,
    owners: 1 + Math.min(OTHER_OWNERS, seeded - MEASURED_OWNER_RECORDINGS),
    rows,
  };
};
