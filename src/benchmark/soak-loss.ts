/**
 * The soak's loss mode, after delivery: what a real account would hold (each recording's
 * end file in S3, each stream's session in IVS), reconciliation run against it until a run
 * changes nothing, and every final record judged against the simulation's full-knowledge
 * one (src/benchmark/loss-classification.ts).
 * S3 is the local S3 store (port 0, a temporary folder) through the stock S3 client, holding
 * each recording's end file as src/simulation/recording-media.ts makes it; IVS is the IVS
 * stand-in with its 5 calls/s limit, paced at the reconciliation's default 4/s. The bench
 * sends no S3 Object Created events: the media index comes from reconciliation ('indexed').
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { IvsStandIn, type StandInStreamSession } from '../local/ivs/ivs-stand-in';
import { localS3Client, startLocalS3Store } from '../local/s3';
import { quietLogger } from '../local/event-bus/logger';
import { ivsStreamSessionLookup } from '../reconciliation/ivs-sessions';
import { s3ObjectReader } from '../reconciliation/metadata-reader';
import { RateLimiter } from '../reconciliation/rate-limiter';
import { reconcile, DEFAULT_STALE_AFTER_MS, type ItemAction } from '../reconciliation/reconcile';
import { END_FILES } from '../recording-media/end-file';
import { mediaFixtureFiles } from '../recording-media/media-fixtures';
import { recordingMediaObjects, writeRecordingMedia } from '../simulation/recording-media';
import { RECORDING_STATE_CHANGE } from '../recording-engine/ivs-event';
import { AmplifyRecordsStore, type DataClient } from '../records-store/amplify-records-store';
import { amplifyStaleRecords } from '../records-store/stale-records';
import type { SimulatedEvent, Simulation } from '../simulation/broadcast';
import type { GraphqlProxy } from './graphql-proxy';
import { classifyRecord, tallyVerdicts, type LossTally, type RecordVerdict } from './loss-classification';
import {
  normalizeRecording,
  RECORDING_COMPARED,
  recordingKey,
  STREAM_SESSION_COMPARED,
  streamKey,
} from './request-costs';

export type LossMode = {
  /** Fractions of stream and recording events never delivered. */
  streamLoss: number;
  recordingLoss: number;
  /** Fraction of the delivered events sent after every other delivery settled (Lambda's retries ran out). */
  lateFraction: number;
  /** Fraction of the channels whose Profile is created halfway through the deliveries. */
  lateProfileFraction: number;
};

/** The loss mode: 5% of stream events and 1% of recording events lost, 10% late, a tenth of profiles late. */
export const SOAK_LOSS: LossMode = {
  streamLoss: 0.05,
  recordingLoss: 0.01,
  lateFraction: 0.1,
  lateProfileFraction: 0.1,
};

/** Requests at the data API proxy for one repair path, and what it repaired. */
export type RepairCost = { requests: number; writes: number; repaired: number; requestsPerRepair: number | null };

export type LossResult = {
  mode: LossMode;
  lostEvents: { stream: number; recording: number };
  lateEvents: number;
  lateProfileChannels: number;
  /** Parked events replayed at once by createProfileAndReplay, and what that cost. */
  profileReplay: RepairCost & { profiles: number };
  reconciliation: RepairCost & {
    rounds: number;
    /** Per round: item actions and parked events replayed. */
    perRound: { counts: Partial<Record<ItemAction, number>>; replayed: number; unknownFacts: number }[];
    /** Why the last run left records pending (they stay in the incomplete index), and how many. */
    pendingWhy: Record<string, number>;
    endFiles: number;
    ivsSessions: number;
  };
  recordings: LossTally;
  streamSessions: LossTally;
  /** The logical keys of the wrong records, to look into. */
  wrongKeys: { recordings: string[]; streamSessions: string[] };
};

const requestsPerRepair = (requests: number, repaired: number): number | null =>
  repaired > 0 ? requests / repaired : null;

/** Mutations (create/update/delete...) among the proxy's counted operations. */
export const writesOf = (byOperation: Record<string, number>): number =>
  Object.entries(byOperation)
    .filter(([operation]) => /^(create|update|delete|put)/i.test(operation))
    .reduce((sum, [, n]) => sum + n, 0);

export const repairCost = (
  before: { requests: number; byOperation: Record<string, number> },
  after: { requests: number; byOperation: Record<string, number> },
  repaired: number,
): RepairCost => {
  const requests = after.requests - before.requests;
  const writes = writesOf(after.byOperation) - writesOf(before.byOperation);
  return { requests, writes, repaired, requestsPerRepair: requestsPerRepair(requests, repaired) };
};

/** Each stream as IVS GetStreamSession knows it, from the simulation's sessions. */
export const ivsSessionsOf = (simulation: Simulation): StandInStreamSession[] =>
  simulation.broadcasts.flatMap((b) =>
    b.expected.streamSessions
      .filter((s) => s.startTime !== null)
      .map((s) => ({ channelArn: s.channelArn, streamId: s.streamId, startTime: s.startTime!, endTime: s.endTime })),
  );

/** The streams a recording event names (stream_id and recording_session_stream_ids). */
const streamsNamed = (event: SimulatedEvent): string[] => {
  const detail = JSON.parse(event.entry.Detail) as { stream_id?: string; recording_session_stream_ids?: string[] };
  return [...(detail.stream_id ? [detail.stream_id] : []), ...(detail.recording_session_stream_ids ?? [])];
};

type Stored = { recordings: Record<string, unknown>[]; streamSessions: Record<string, unknown>[] };

/** Every expected record judged against what is stored. */
export const judgeFleet = (
  simulation: Simulation,
  lost: ReadonlySet<SimulatedEvent>,
  stored: Stored,
): { recordings: Map<string, RecordVerdict>; streamSessions: Map<string, RecordVerdict> } => {
  const group = (rows: Record<string, unknown>[], keyOf: (row: Record<string, unknown>) => string) => {
    const byKey = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row]);
    return byKey;
  };
  const recordingRows = group(stored.recordings.map(normalizeRecording), recordingKey);
  const sessionRows = group(stored.streamSessions, streamKey);
  const recordings = new Map<string, RecordVerdict>();
  const streamSessions = new Map<string, RecordVerdict>();
  const eventsOf = new Map<string, SimulatedEvent[]>();
  for (const event of simulation.events)
    eventsOf.set(event.recordingKey, [...(eventsOf.get(event.recordingKey) ?? []), event]);
  for (const broadcast of simulation.broadcasts) {
    const events = eventsOf.get(broadcast.recordingKey) ?? [];
    const recordingEvents = events.filter((e) => e.detailType === RECORDING_STATE_CHANGE);
    const expected = broadcast.expected.recording;
    recordings.set(
      broadcast.recordingKey,
      classifyRecord({
        expected,
        rows: recordingRows.get(recordingKey(expected)) ?? [],
        fields: RECORDING_COMPARED,
        lost: recordingEvents.filter((e) => lost.has(e)).map((e) => e.name),
        delivered: recordingEvents.filter((e) => !lost.has(e)).length,
      }),
    );
    for (const session of broadcast.expected.streamSessions) {
      const own = events.filter((e) => e.detailType !== RECORDING_STATE_CHANGE && e.streamId === session.streamId);
      const evidence = recordingEvents.filter((e) => !lost.has(e) && streamsNamed(e).includes(session.streamId));
      streamSessions.set(
        session.streamId,
        classifyRecord({
          expected: session,
          rows: sessionRows.get(session.streamId) ?? [],
          fields: STREAM_SESSION_COMPARED,
          lost: own.filter((e) => lost.has(e)).map((e) => e.name),
          delivered: own.filter((e) => !lost.has(e)).length + evidence.length,
        }),
      );
    }
  }
  return { recordings, streamSessions };
};

/** Verdicts before and after reconciliation, tallied; `parked` says which records' events were parked. */
export const tallyFleet = (
  before: ReturnType<typeof judgeFleet>,
  after: ReturnType<typeof judgeFleet>,
  parked: { recordings: ReadonlySet<string>; streamSessions: ReadonlySet<string> },
): Pick<LossResult, 'recordings' | 'streamSessions' | 'wrongKeys'> => {
  const pairs = (model: 'recordings' | 'streamSessions') =>
    [...after[model]].map(([key, verdict]) => ({
      before: before[model].get(key)!,
      after: verdict,
      parked: parked[model].has(key),
    }));
  const wrong = (model: 'recordings' | 'streamSessions') =>
    [...after[model]].filter(([, verdict]) => verdict.kind === 'wrong').map(([key]) => key);
  return {
    recordings: tallyVerdicts(pairs('recordings')),
    streamSessions: tallyVerdicts(pairs('streamSessions')),
    wrongKeys: { recordings: wrong('recordings'), streamSessions: wrong('streamSessions') },
  };
};

/** A real account's S3 and IVS for the simulation: end files in a local S3 store, sessions in the IVS stand-in. */
export const startAccountSources = async (simulation: Simulation) => {
  const root = await mkdtemp(path.join(tmpdir(), 'soak-s3-'));
  const store = await startLocalS3Store({ root, port: 0 });
  const s3 = localS3Client(store.endpoint);
  // Only each recording's end file (what reconciliation reads), as the simulator's IVS writes it; not its media.
  const fixtures = await mediaFixtureFiles();
  const files = simulation.broadcasts.flatMap((b) =>
    recordingMediaObjects(b, fixtures).filter((o) => END_FILES.some((file) => o.key.endsWith(`/${file}`))),
  );
  for (const bucket of new Set(files.map((f) => f.bucket))) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await writeRecordingMedia(s3, files);
  const sessions = ivsSessionsOf(simulation);
  return {
    s3,
    ivs: new IvsStandIn({ sessions: () => sessions }),
    endFiles: files.length,
    ivsSessions: sessions.length,
    async stop() {
      s3.destroy();
      await store.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
};

// 'indexed' too: the bench sends no S3 Object Created events, so reconciliation indexes the media.
const CHANGING: readonly ItemAction[] = ['completed', 'failed', 'ended', 'started', 'indexed'];

/** Reconciliation runs until one changes nothing (a run handles at most maxRecords per model). */
export const reconcileUntilStable = async (options: {
  client: DataClient;
  proxy: GraphqlProxy;
  sources: Awaited<ReturnType<typeof startAccountSources>>;
  maxRounds?: number;
}): Promise<LossResult['reconciliation']> => {
  const { sources } = options;
  const lookup = ivsStreamSessionLookup(sources.ivs, new RateLimiter(4));
  const before = options.proxy.stats();
  const perRound: LossResult['reconciliation']['perRound'] = [];
  let repaired = 0;
  let pendingWhy: Record<string, number> = {};
  for (let round = 0; round < (options.maxRounds ?? 20); round++) {
    const report = await reconcile(
      {
        stale: amplifyStaleRecords(options.client),
        readObject: s3ObjectReader(sources.s3),
        lookupStreamSession: lookup,
        store: new AmplifyRecordsStore(options.client),
        logger: quietLogger,
      },
      { now: Date.now(), staleAfterMs: DEFAULT_STALE_AFTER_MS },
    );
    const changed = CHANGING.reduce((sum, action) => sum + (report.counts[action] ?? 0), 0) + report.parked.replayed;
    perRound.push({ counts: report.counts, replayed: report.parked.replayed, unknownFacts: report.unknownFacts });
    repaired += changed;
    pendingWhy = {};
    for (const item of report.items.filter((i) => i.action === 'pending')) {
      const why = `${item.model}: ${item.why ?? ''}`;
      pendingWhy[why] = (pendingWhy[why] ?? 0) + 1;
    }
    if (changed === 0) break;
  }
  return {
    ...repairCost(before, options.proxy.stats(), repaired),
    rounds: perRound.length,
    perRound,
    pendingWhy,
    endFiles: sources.endFiles,
    ivsSessions: sources.ivsSessions,
  };
};
