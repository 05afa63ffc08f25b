/**
 * Realistic IVS broadcasts for N channels, as the put-events entries IVS would make
 * them, with the records the system must end up with. Pure and seeded: the same
 * options give the same events (no Math.random, no clock: the start time is passed in).
 *
 * Facts: docs/ivs-facts.md (sections 2, 3, 5, 6). What is simulated:
 * - a channel (`arn:aws:ivs:<region>:<account>:channel/<12 alnum>`) has a recording
 *   reconnect window (0-300 s) and broadcasts one after another;
 * - a broadcast is one recording. Success and End Failure broadcasts have 1 to 5
 *   streams (reconnects less than the window apart, so IVS merges them: one
 *   recording_session_id, one prefix built from the first stream's start, every stream
 *   id in recording_session_stream_ids, the End's stream_id is the last stream). A
 *   Start Failure broadcast has one stream: nothing is recorded, so nothing merges;
 * - every stream has Stream Start and Stream End; some have a Stream Failure (with a
 *   reason) before their End; some have Session Created / Session Ended noise, which
 *   the engine ignores;
 * - the Recording End / End Failure comes at least the reconnect window after the
 *   last Stream End. Times are whole seconds.
 *
 * The expected records are built from this model (the truth), by the documented rules
 * of src/recording-engine/recording-state.ts and stream-session-state.ts; a test holds
 * them equal to folding the events through the engine in true order.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { RECORDING_STATE_CHANGE, SIMULATOR_EVENT_SOURCE, STREAM_STATE_CHANGE } from '../recording-engine/ivs-event';
import { NO_MEDIA, NO_LIFECYCLE, type RecordingState, type StreamSessionState } from '../recording-engine/records';
import { recordingIdFor } from '../recording-engine/recording-state';
import { defaultRecordingsBucketName } from '../recordings-bucket/bucket-name';
import { alphanumeric, chance, deriveSeed, digits, mulberry32, pick, randomInt, uuidV4, type Rng } from './random';

export const DEFAULT_SIMULATOR_SOURCE = SIMULATOR_EVENT_SOURCE;

export type BroadcastOutcome = 'success' | 'start_failure' | 'end_failure';
export const BROADCAST_OUTCOMES: readonly BroadcastOutcome[] = ['success', 'start_failure', 'end_failure'];

export const START_FAILURE_REASON = 'ValidationException';
export const END_FAILURE_REASON = 'InternalServerException';
/** Illustrative Stream Failure reasons (the first is the documented example's). */
export const STREAM_FAILURE_REASONS: readonly string[] = [
  'Bitrate exceeded the channel limit',
  'Resolution exceeded the channel limit',
  'Unsupported codec',
];

/** Regions where IVS low-latency channels exist. */
export const IVS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
];

export const MAX_STREAMS_PER_BROADCAST = 5;
const RECONNECT_WINDOWS: readonly number[] = [0, 30, 60, 120, 180, 300];
/** A merged reconnect needs a gap of at least 2 s strictly inside the window. */
const MIN_MERGING_WINDOW = 3;

export type SimulationOptions = {
  seed: number;
  /** Number of channels, at least 1. */
  channels: number;
  /** Broadcasts (recordings) per channel, at least 1. */
  broadcastsPerChannel: number;
  /** The earliest moment a broadcast may start (epoch ms or Date); rounded up to a second. */
  startTime: number | Date;
  /** EventBridge Source of every entry. Default custom.ivs.simulator (aws.* is refused by PutEvents). */
  source?: string;
  /** Added to every entry when set. */
  eventBusName?: string;
  /** Default: drawn from the seed. */
  region?: string;
  /** 12 digits. Default: drawn from the seed. */
  account?: string;
  /** Bucket of every channel. Default: the backend's default for the account and region. */
  bucketName?: string;
  /** The same window for every channel (0-300 s). Default: drawn per channel. */
  reconnectWindowSeconds?: number;
  /** Relative weights of the outcomes. Default success 8, start_failure 1, end_failure 1. */
  outcomeWeights?: Partial<Record<BroadcastOutcome, number>>;
  /** 1 to 5 (default 5). Merges need a window of at least 3 s. */
  maxStreamsPerBroadcast?: number;
  /** Chance a stream has a Stream Failure before its End (default 0.1). */
  streamFailureRate?: number;
  /** Chance a stream has Session Created / Session Ended noise (default 0.5). */
  sessionEventRate?: number;
  /**
   * UNSURE in the facts: whether a merged reconnect fires its own Recording Start.
   * When true each reconnect sends one (its stream_id, the stream ids so far). Default false.
   */
  reconnectRecordingStarts?: boolean;
};

export type SimulatedChannel = {
  arn: string;
  channelId: string;
  name: string;
  region: string;
  account: string;
  bucketName: string;
  reconnectWindowSeconds: number;
};

/** A put-events entry with every field the simulator sets. */
export type SimulatedEntry = PutEventsRequestEntry &
  Required<Pick<PutEventsRequestEntry, 'Source' | 'DetailType' | 'Detail' | 'Resources' | 'Time'>>;

export type SimulatedEventName =
  | 'Recording Start'
  | 'Recording End'
  | 'Recording Start Failure'
  | 'Recording End Failure'
  | 'Stream Start'
  | 'Stream End'
  | 'Stream Failure'
  | 'Session Created'
  | 'Session Ended';

export type SimulatedEvent = {
  entry: SimulatedEntry;
  /** Position in the true (time) order, 0-based. */
  trueOrder: number;
  /** A UUID v4 for an in-process envelope (PutEvents assigns its own). */
  eventId: string;
  /** Canonical ISO time (whole seconds, `.000Z`), = entry.Time. */
  time: string;
  channelArn: string;
  /** The Recording record id (recordingIdFor) of the broadcast the event belongs to. */
  recordingKey: string;
  streamId: string;
  detailType: typeof RECORDING_STATE_CHANGE | typeof STREAM_STATE_CHANGE;
  /** recording_status or event_name. */
  name: SimulatedEventName;
};

/** The Recording the system must end with; profileId and owner come from the Profile. */
export type ExpectedRecording = Omit<RecordingState, 'profileId' | 'owner'>;
/** The StreamSession the system must end with; viewerCount is enrichment, not events. */
export type ExpectedStreamSession = Omit<StreamSessionState, 'profileId' | 'owner' | 'viewerCount'>;

export type SimulatedBroadcast = {
  recordingKey: string;
  channelArn: string;
  channelName: string;
  /** 0-based index of the broadcast on its channel. */
  index: number;
  outcome: BroadcastOutcome;
  recordingSessionId: string;
  /** "" on a Start Failure. */
  s3KeyPrefix: string;
  /** In the order they went live. */
  streamIds: string[];
  reconnectWindowSeconds: number;
  expected: { recording: ExpectedRecording; streamSessions: ExpectedStreamSession[] };
};

export type Simulation = {
  seed: number;
  source: string;
  /** ISO times of the first and last event. */
  firstEventTime: string;
  lastEventTime: string;
  channels: SimulatedChannel[];
  broadcasts: SimulatedBroadcast[];
  /** In true order (times ascending; ties in causal order). */
  events: SimulatedEvent[];
};

export const isoSecond = (epochSecond: number): string => new Date(epochSecond * 1000).toISOString();

/** `ivs/v1/<account>/<channelId>/<yyyy>/<m>/<d>/<h>/<mm>/<id>`: month, day, hour not padded. */
export const recordingPrefix = (account: string, channelId: string, epochSecond: number, id: string): string => {
  const d = new Date(epochSecond * 1000);
  const minute = String(d.getUTCMinutes()).padStart(2, '0');
  return `ivs/v1/${account}/${channelId}/${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCHours()}/${minute}/${id}`;
};

/** `st-` + 23 alphanumerics: 26 characters, like real and documented stream ids. */
export const newStreamId = (rng: Rng): string => `st-${alphanumeric(rng, 23)}`;

const CHANNEL_WORDS: readonly string[] = [
  'Morning Show',
  'Gaming Lounge',
  'Cooking Live',
  'Town Hall',
  'Music Room',
  'Studio',
  'Esports Arena',
  'Dev Talks',
  'Fitness Class',
  'News Desk',
];

type RawEvent = {
  second: number;
  seq: number;
  channel: SimulatedChannel;
  recordingKey: string;
  streamId: string;
  detailType: SimulatedEvent['detailType'];
  name: SimulatedEventName;
  detail: Record<string, unknown>;
};

const checkCount = (name: string, value: number, min: number, max: number): void => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
};

const checkRate = (name: string, value: number): void => {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
};

const pickWeighted = <T extends string>(rng: Rng, weights: Readonly<Record<T, number>>, keys: readonly T[]): T => {
  const total = keys.reduce((sum, key) => sum + weights[key], 0);
  let draw = rng() * total;
  for (const key of keys) {
    draw -= weights[key];
    if (draw < 0 && weights[key] > 0) return key;
  }
  // Rounding: the last key with a weight.
  return [...keys].reverse().find((key) => weights[key] > 0) as T;
};

type Settings = {
  maxStreams: number;
  streamFailureRate: number;
  sessionEventRate: number;
  weights: Record<BroadcastOutcome, number>;
  startSecond: number;
  source: string;
};

/** The options checked, with their defaults. */
const settingsOf = (options: SimulationOptions): Settings => {
  checkCount('channels', options.channels, 1, 10_000);
  checkCount('broadcastsPerChannel', options.broadcastsPerChannel, 1, 10_000);
  const maxStreams = options.maxStreamsPerBroadcast ?? MAX_STREAMS_PER_BROADCAST;
  checkCount('maxStreamsPerBroadcast', maxStreams, 1, MAX_STREAMS_PER_BROADCAST);
  if (options.reconnectWindowSeconds !== undefined) {
    checkCount('reconnectWindowSeconds', options.reconnectWindowSeconds, 0, 300);
  }
  const streamFailureRate = options.streamFailureRate ?? 0.1;
  const sessionEventRate = options.sessionEventRate ?? 0.5;
  checkRate('streamFailureRate', streamFailureRate);
  checkRate('sessionEventRate', sessionEventRate);
  const weights: Record<BroadcastOutcome, number> = {
    success: 8,
    start_failure: 1,
    end_failure: 1,
    ...options.outcomeWeights,
  };
  if (BROADCAST_OUTCOMES.some((o) => !(weights[o] >= 0)) || BROADCAST_OUTCOMES.every((o) => weights[o] === 0)) {
    throw new RangeError('outcomeWeights must be non-negative with at least one above 0');
  }
  const startMs = options.startTime instanceof Date ? options.startTime.getTime() : options.startTime;
  if (!Number.isFinite(startMs)) throw new RangeError('startTime must be a valid time');
  const source = options.source ?? DEFAULT_SIMULATOR_SOURCE;
  if (source === '') throw new RangeError('source must not be empty');
  return { maxStreams, streamFailureRate, sessionEventRate, weights, startSecond: Math.ceil(startMs / 1000), source };
};

/** The channels: one region and account, distinct channel ids. */
const simulateChannels = (rng: Rng, options: SimulationOptions): SimulatedChannel[] => {
  const region = options.region ?? pick(rng, IVS_REGIONS);
  const account = options.account ?? digits(rng, 12);
  if (!/^\d{12}$/.test(account)) throw new RangeError(`account must be 12 digits, got "${account}"`);
  const bucketName = options.bucketName ?? defaultRecordingsBucketName(account, region);
  const channels: SimulatedChannel[] = [];
  const channelIds = new Set<string>();
  for (let i = 0; i < options.channels; i += 1) {
    let channelId = alphanumeric(rng, 12);
    while (channelIds.has(channelId)) channelId = alphanumeric(rng, 12);
    channelIds.add(channelId);
    channels.push({
      arn: `arn:aws:ivs:${region}:${account}:channel/${channelId}`,
      channelId,
      name: `${pick(rng, CHANNEL_WORDS)} ${i + 1}`,
      region,
      account,
      bucketName,
      reconnectWindowSeconds: options.reconnectWindowSeconds ?? pick(rng, RECONNECT_WINDOWS),
    });
  }
  return channels;
};

/** What every broadcast of a run shares: the random source, ids already used, the events so far. */
type Run = { rng: Rng; unique(make: () => string): string; raw: RawEvent[]; nextSeq(): number };

type PlannedStream = { id: string; start: number; end: number; failure: string | null; noise: boolean };

/** The streams of one broadcast, one after another; a reconnect strictly inside the window is merged. */
const planStreams = (
  run: Run,
  settings: Settings,
  startSecond: number,
  streamCount: number,
  window: number,
): PlannedStream[] => {
  const { rng } = run;
  const streams: PlannedStream[] = [];
  let streamStart = startSecond;
  for (let s = 0; s < streamCount; s += 1) {
    const duration = s === 0 ? randomInt(rng, 120, 3 * 3600) : randomInt(rng, 30, 3600);
    const end = streamStart + duration;
    streams.push({
      id: run.unique(() => newStreamId(rng)),
      start: streamStart,
      end,
      failure: chance(rng, settings.streamFailureRate) ? pick(rng, STREAM_FAILURE_REASONS) : null,
      noise: chance(rng, settings.sessionEventRate),
    });
    streamStart = end + randomInt(rng, 2, Math.max(2, window - 1));
  }
  return streams;
};

type BroadcastPlan = {
  channel: SimulatedChannel;
  outcome: BroadcastOutcome;
  recordingSessionId: string;
  recordingKey: string;
  streams: PlannedStream[];
  s3KeyPrefix: string;
};

/** The events IVS sends for one broadcast; returns when its recording started and ended. */
const emitBroadcastEvents = (
  run: Run,
  plan: BroadcastPlan,
  options: SimulationOptions,
): { recordingStartSecond: number; recordingEndSecond: number | null; recordedMs: number } => {
  const { rng } = run;
  const { channel, outcome, recordingSessionId, recordingKey, streams, s3KeyPrefix } = plan;
  const first = streams[0]!;
  const last = streams[streams.length - 1]!;
  const streamIds = streams.map((s) => s.id);
  const push = (
    at: number,
    streamId: string,
    detailType: RawEvent['detailType'],
    name: SimulatedEventName,
    detail: Record<string, unknown>,
  ) => run.raw.push({ second: at, seq: run.nextSeq(), channel, recordingKey, streamId, detailType, name, detail });
  const streamEvent = (at: number, streamId: string, name: SimulatedEventName, extra: Record<string, unknown> = {}) =>
    push(at, streamId, STREAM_STATE_CHANGE, name, {
      event_name: name,
      channel_name: channel.name,
      stream_id: streamId,
      ...extra,
    });
  const recordingEvent = (
    at: number,
    streamId: string,
    status: 'Recording Start' | 'Recording End' | 'Recording Start Failure' | 'Recording End Failure',
    reason: string,
    durationMs: number,
    ids: readonly string[] | undefined,
  ) =>
    push(at, streamId, RECORDING_STATE_CHANGE, status, {
      channel_name: channel.name,
      stream_id: streamId,
      recording_status: status,
      recording_status_reason: reason,
      recording_s3_bucket_name: channel.bucketName,
      recording_s3_key_prefix: s3KeyPrefix,
      recording_duration_ms: durationMs,
      recording_session_id: recordingSessionId,
      ...(ids ? { recording_session_stream_ids: [...ids] } : {}),
    });

  let recordingStartSecond = first.start;
  streams.forEach((stream, s) => {
    if (stream.noise) streamEvent(stream.start, stream.id, 'Session Created');
    streamEvent(stream.start, stream.id, 'Stream Start');
    const at = stream.start + randomInt(rng, 0, 2);
    if (s === 0) {
      recordingStartSecond = at;
      if (outcome === 'start_failure')
        recordingEvent(at, stream.id, 'Recording Start Failure', START_FAILURE_REASON, 0, undefined);
      else recordingEvent(at, stream.id, 'Recording Start', '', 0, [stream.id]);
    } else if (options.reconnectRecordingStarts) {
      recordingEvent(at, stream.id, 'Recording Start', '', 0, streamIds.slice(0, s + 1));
    }
    if (stream.failure !== null) {
      const failedAt = Math.max(stream.start + 3, stream.end - randomInt(rng, 0, 20));
      streamEvent(failedAt, stream.id, 'Stream Failure', { reason: stream.failure });
    }
    // Session Ended may come a little before or after Stream End.
    const sessionEndedAt = stream.end + randomInt(rng, -1, 2);
    if (stream.noise && sessionEndedAt < stream.end) streamEvent(sessionEndedAt, stream.id, 'Session Ended');
    streamEvent(stream.end, stream.id, 'Stream End');
    if (stream.noise && sessionEndedAt >= stream.end) streamEvent(sessionEndedAt, stream.id, 'Session Ended');
  });

  const recordedMs = streams.reduce((sum, s) => sum + (s.end - s.start) * 1000, 0);
  if (outcome === 'start_failure') return { recordingStartSecond, recordingEndSecond: null, recordedMs };
  // The End comes at least the reconnect window after the last stream.
  const recordingEndSecond = last.end + channel.reconnectWindowSeconds + randomInt(rng, 1, 10);
  if (outcome === 'success') recordingEvent(recordingEndSecond, last.id, 'Recording End', '', recordedMs, streamIds);
  else recordingEvent(recordingEndSecond, last.id, 'Recording End Failure', END_FAILURE_REASON, 0, streamIds);
  return { recordingStartSecond, recordingEndSecond, recordedMs };
};

/** The records the system must end up with for one broadcast, from the plan (the truth). */
const expectedOf = (
  plan: BroadcastPlan,
  times: { recordingStartSecond: number; recordingEndSecond: number | null; recordedMs: number },
): SimulatedBroadcast['expected'] => {
  const { channel, outcome, recordingSessionId, recordingKey, streams, s3KeyPrefix } = plan;
  const first = streams[0]!;
  const streamIds = streams.map((s) => s.id);
  return {
    recording: {
      id: recordingKey,
      streamSessionId: first.id,
      channelArn: channel.arn,
      recordingSessionId,
      recordingStatus: outcome === 'success' ? 'COMPLETED' : 'FAILED',
      recordingStatusReason:
        outcome === 'success' ? null : outcome === 'start_failure' ? START_FAILURE_REASON : END_FAILURE_REASON,
      s3BucketName: channel.bucketName,
      s3KeyPrefix: s3KeyPrefix === '' ? null : s3KeyPrefix,
      recordingDurationMs: outcome === 'success' ? times.recordedMs : null,
      // IVS's order (recording_session_stream_ids), which the engine keeps.
      streamIds: [...streamIds],
      startTime: isoSecond(times.recordingStartSecond),
      endTime: times.recordingEndSecond === null ? null : isoSecond(times.recordingEndSecond),
      // What the events make; the media index comes from the end file (compared apart).
      ...NO_MEDIA,
      ...NO_LIFECYCLE,
    },
    streamSessions: streams.map((s) => ({
      id: s.id,
      channelArn: channel.arn,
      streamId: s.id,
      status: s.failure === null ? 'ENDED' : 'FAILED',
      statusReason: s.failure,
      startTime: isoSecond(s.start),
      endTime: isoSecond(s.end),
      duration: (s.end - s.start) * 1000,
    })),
  };
};

/** One broadcast on a channel from `second`: its events (into the run) and its expectation; returns when the next may start. */
const simulateBroadcast = (
  run: Run,
  settings: Settings,
  options: SimulationOptions,
  channel: SimulatedChannel,
  index: number,
  second: number,
): { broadcast: SimulatedBroadcast; nextSecond: number } => {
  const { rng } = run;
  const outcome = pickWeighted(rng, settings.weights, BROADCAST_OUTCOMES);
  const window = channel.reconnectWindowSeconds;
  const streamCount =
    outcome === 'start_failure' || window < MIN_MERGING_WINDOW || settings.maxStreams === 1 || chance(rng, 0.5)
      ? 1
      : randomInt(rng, 2, settings.maxStreams);
  const recordingSessionId = run.unique(() => alphanumeric(rng, 16));
  const recordingKey = recordingIdFor(channel.arn, recordingSessionId);
  // The streams first, so the prefix can be built from the first start.
  const streams = planStreams(run, settings, second, streamCount, window);
  const first = streams[0]!;
  const last = streams[streams.length - 1]!;
  const s3KeyPrefix =
    outcome === 'start_failure'
      ? ''
      : recordingPrefix(channel.account, channel.channelId, first.start, alphanumeric(rng, 12));
  const plan: BroadcastPlan = { channel, outcome, recordingSessionId, recordingKey, streams, s3KeyPrefix };
  const times = emitBroadcastEvents(run, plan, options);
  const broadcast: SimulatedBroadcast = {
    recordingKey,
    channelArn: channel.arn,
    channelName: channel.name,
    index,
    outcome,
    recordingSessionId,
    s3KeyPrefix,
    streamIds: streams.map((s) => s.id),
    reconnectWindowSeconds: window,
    expected: expectedOf(plan, times),
  };
  // The next broadcast on this channel starts after this recording is over.
  const nextSecond = Math.max(last.end + window, times.recordingEndSecond ?? last.end) + randomInt(rng, 60, 4 * 3600);
  return { broadcast, nextSecond };
};

/** The events in true order, as put-events entries with what a test needs to know of each. */
const toSimulatedEvents = (rng: Rng, raw: RawEvent[], source: string, options: SimulationOptions): SimulatedEvent[] =>
  [...raw]
    .sort((a, b) => a.second - b.second || a.seq - b.seq)
    .map((r, trueOrder): SimulatedEvent => {
      const time = new Date(r.second * 1000);
      return {
        entry: {
          Time: time,
          Source: source,
          DetailType: r.detailType,
          Detail: JSON.stringify(r.detail),
          Resources: [r.channel.arn],
          ...(options.eventBusName !== undefined ? { EventBusName: options.eventBusName } : {}),
        },
        trueOrder,
        eventId: uuidV4(rng),
        time: time.toISOString(),
        channelArn: r.channel.arn,
        recordingKey: r.recordingKey,
        streamId: r.streamId,
        detailType: r.detailType,
        name: r.name,
      };
    });

/** Broadcasts for N channels, their events in true order, and the expected records. */
export const simulateBroadcasts = (options: SimulationOptions): Simulation => {
  const settings = settingsOf(options);
  const rng = mulberry32(deriveSeed(options.seed, 0x0b5));
  const channels = simulateChannels(rng, options);
  const usedIds = new Set<string>();
  let seq = 0;
  const run: Run = {
    rng,
    raw: [],
    nextSeq: () => seq++,
    unique: (make) => {
      let id = make();
      while (usedIds.has(id)) id = make();
      usedIds.add(id);
      return id;
    },
  };
  const broadcasts: SimulatedBroadcast[] = [];
  for (const channel of channels) {
    let second = settings.startSecond + randomInt(rng, 0, 3600);
    for (let index = 0; index < options.broadcastsPerChannel; index += 1) {
      const { broadcast, nextSecond } = simulateBroadcast(run, settings, options, channel, index, second);
      broadcasts.push(broadcast);
      second = nextSecond;
    }
  }
  const events = toSimulatedEvents(rng, run.raw, settings.source, options);
  return {
    seed: options.seed,
    source: settings.source,
    firstEventTime: events[0]!.time,
    lastEventTime: events[events.length - 1]!.time,
    channels,
    broadcasts,
    events,
  };
};

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every expected record of a simulation, each list sorted by id (code-unit order). */
export const expectedRecords = (
  simulation: Pick<Simulation, 'broadcasts'>,
): { recordings: ExpectedRecording[]; streamSessions: ExpectedStreamSession[] } => ({
  recordings: simulation.broadcasts.map((b) => b.expected.recording).sort(byId),
  streamSessions: simulation.broadcasts.flatMap((b) => b.expected.streamSessions).sort(byId),
});

/** A stored Recording in the shape of its expectation (drops profileId and owner). */
export const asExpectedRecording = ({ profileId: _p, owner: _o, ...rest }: RecordingState): ExpectedRecording => rest;

/** A stored StreamSession in the shape of its expectation (drops profileId, owner, viewerCount). */
export const asExpectedStreamSession = ({
  profileId: _p,
  owner: _o,
  viewerCount: _v,
  ...rest
}: StreamSessionState): ExpectedStreamSession => rest;

/** Counts of broadcasts by outcome. */
export const countOutcomes = (broadcasts: readonly SimulatedBroadcast[]): Record<BroadcastOutcome, number> => {
  const counts: Record<BroadcastOutcome, number> = { success: 0, start_failure: 0, end_failure: 0 };
  for (const b of broadcasts) counts[b.outcome] += 1;
  return counts;
};
