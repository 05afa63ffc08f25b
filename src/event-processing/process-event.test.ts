import { beforeEach, describe, expect, it } from 'vitest';
import { profileIdFor } from '../recording-engine/channel-arn';
import { RetryableError } from '../recording-engine/errors';
import { recordingFixtures, streamEvent, streamFixtures, withDetail } from '../recording-engine/fixtures/ivs-events';
import { isKnownOnlyFromRecordings } from '../recording-engine/stream-session-state';
import { retryableDataError } from '../records-store/data-errors';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import { RecordCache } from '../records-store/record-cache';
import type { RecordsStore } from '../records-store/records-store';
import type { StreamSessionState } from '../recording-engine/records';
import type { EventLogger } from './observability';
import { MAX_CONFLICT_ATTEMPTS, processEvent, type ProcessDependencies } from './process-event';

const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';
const STREAM = 'st-254sopYUvi6F78ghpO9vn0A';
const PROFILE = profileIdFor(CHANNEL);

type Line = { level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };

let store: InMemoryRecordsStore;
let lines: Line[];
let calls: string[];

const logger: EventLogger = {
  info: (message, fields) => lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
  warn: (message, fields) => lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
  error: (message, fields) => lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
};

/** The store, with every call recorded and any method replaceable. */
const storeWith = (overrides: Partial<RecordsStore> = {}): RecordsStore =>
  new Proxy(store, {
    get(target, name: keyof RecordsStore) {
      const method = overrides[name] ?? target[name];
      if (typeof method !== 'function') return method;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (method as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

const deps = (overrides: Partial<RecordsStore> = {}, extra: Partial<ProcessDependencies> = {}): ProcessDependencies => {
  const wrapped = storeWith(overrides);
  return { store: wrapped, findProfile: (arn) => wrapped.findProfileByChannelArn(arn), logger, ...extra };
};

beforeEach(() => {
  store = new InMemoryRecordsStore();
  store.addProfile({
    id: PROFILE,
    owner: 'sub-1::alice',
    channelArn: CHANNEL,
    channelName: 'Your Channel',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  lines = [];
  calls = [];
});

const recordingId = `123456789012-us-west-2-AbCdef1G2hij-${String(recordingFixtures.start.detail.recording_session_id)}`;

describe('given an event that is not a valid IVS event', () => {
  it('when processed then it is rejected as permanent, logged with its field, and the store is never called', async () => {
    const outcome = await processEvent(withDetail(streamFixtures.streamStart, { stream_id: 42 }), deps());
    expect(outcome).toMatchObject({ kind: 'rejected', error: { reason: 'invalid_field', field: 'detail.stream_id' } });
    expect(lines).toMatchObject([{ level: 'error', message: 'Rejected a malformed event' }]);
    expect(calls).toEqual([]);
  });
});

describe('given a stream event handled as a no-op', () => {
  it.each([
    ['Session Created', streamFixtures.sessionCreated],
    ['Stream Takeover', streamFixtures.streamTakeover],
  ])('when a %s arrives then it is ignored with a reason and costs no request', async (_name, fixture) => {
    const outcome = await processEvent(fixture, deps());
    expect(outcome).toMatchObject({ kind: 'ignored', reason: expect.any(String) });
    expect(calls).toEqual([]);
  });
});

describe('given a channel without a profile', () => {
  const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

  it('when an event arrives then it is parked whole for 30 days, logged with the channel, and no record is written', async () => {
    store.profiles.clear();
    const outcome = await processEvent(streamFixtures.streamStart, deps({}, { now: () => NOW }));
    expect(outcome).toEqual({
      kind: 'parked',
      reason: 'missing_profile',
      id: streamFixtures.streamStart.id,
      alreadyParked: false,
    });
    expect([...store.parked.values()]).toEqual([
      {
        id: streamFixtures.streamStart.id,
        channelArn: CHANNEL,
        eventId: streamFixtures.streamStart.id,
        event: JSON.stringify(streamFixtures.streamStart),
        parkedAt: '2026-11-30T12:00:00.000Z',
        expiresAt: NOW / 1000 + 30 * 24 * 3600,
      },
    ]);
    expect(lines.at(-1)).toMatchObject({
      level: 'warn',
      fields: { channelArn: CHANNEL, channelName: 'Your Channel', parkedEventId: streamFixtures.streamStart.id },
    });
    expect(calls).toEqual(['findProfileByChannelArn', 'parkEvent']);
    expect(store.streamSessions.size + store.recordings.size).toBe(0);
  });

  it('when the same event is delivered twice then it is parked once and the second says it already was', async () => {
    store.profiles.clear();
    await processEvent(recordingFixtures.start, deps({}, { now: () => NOW }));
    const second = await processEvent(recordingFixtures.start, deps({}, { now: () => NOW + 60_000 }));
    expect(second).toMatchObject({ kind: 'parked', alreadyParked: true });
    expect([...store.parked.values()]).toMatchObject([
      { id: recordingFixtures.start.id, parkedAt: '2026-11-30T12:00:00.000Z' },
    ]);
  });

  it('when parking fails then the error is thrown (retried), so an acknowledged event is never lost', async () => {
    store.profiles.clear();
    const failing = deps({
      parkEvent: async () => {
        throw retryableDataError('parkEvent', new TypeError('fetch failed'));
      },
    });
    await expect(processEvent(streamFixtures.streamStart, failing)).rejects.toBeInstanceOf(RetryableError);
    expect(store.parked.size).toBe(0);
  });
});

describe('given stream events', () => {
  it('when a Stream Start arrives then the session is created LIVE for the profile', async () => {
    const outcome = await processEvent(streamFixtures.streamStart, deps());
    expect(outcome).toMatchObject({
      kind: 'written',
      model: 'StreamSession',
      id: STREAM,
      operation: 'create',
      attempts: 1,
    });
    expect(store.streamSessions.get(STREAM)).toMatchObject({
      version: 1,
      state: { status: 'LIVE', profileId: PROFILE, owner: 'sub-1::alice' },
    });
  });

  it('when the Stream End follows then the session is updated ENDED, and the changed fields are named', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    const outcome = await processEvent(streamFixtures.streamEnd, deps());
    expect(outcome).toMatchObject({
      kind: 'written',
      operation: 'update',
      changed: expect.arrayContaining(['status', 'endTime']),
    });
    expect(store.streamSessions.get(STREAM)).toMatchObject({ version: 2, state: { status: 'ENDED' } });
    expect(lines.at(-1)).toMatchObject({
      message: 'StreamSession updated',
      fields: { before: 'LIVE', after: 'ENDED' },
    });
  });

  it('when the same event comes twice then the second changes nothing and writes nothing', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    calls = [];
    expect(await processEvent(streamFixtures.streamStart, deps())).toEqual({
      kind: 'unchanged',
      model: 'StreamSession',
      id: STREAM,
    });
    expect(calls).toEqual(['findProfileByChannelArn', 'loadStreamSession']);
  });
});

describe('given recording events', () => {
  it('when a Recording Start arrives before its stream session then the session is created from that evidence and the recording is written', async () => {
    expect(await processEvent(recordingFixtures.start, deps())).toMatchObject({
      kind: 'written',
      model: 'Recording',
      id: recordingId,
      operation: 'create',
    });
    expect(store.streamSessions.get(STREAM)?.state).toMatchObject({
      channelArn: CHANNEL,
      status: 'LIVE',
      startTime: null,
      endTime: null,
    });
    expect(calls).toEqual([
      'findProfileByChannelArn',
      'loadRecording',
      'loadStreamSession',
      'createStreamSession',
      'createRecording',
    ]);
  });

  it('when the stream session exists then the recording costs one read and one write (no session read)', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    calls = [];
    await processEvent(recordingFixtures.start, deps());
    expect(calls).toEqual(['findProfileByChannelArn', 'loadRecording', 'createRecording']);
  });

  it('when the stream session exists then the recording is created STARTED, then COMPLETED by the End, and a duplicate End changes nothing', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    expect(await processEvent(recordingFixtures.start, deps())).toMatchObject({
      kind: 'written',
      model: 'Recording',
      id: recordingId,
      operation: 'create',
    });
    expect(await processEvent(recordingFixtures.end, deps())).toMatchObject({ kind: 'written', operation: 'update' });
    expect(await processEvent(recordingFixtures.end, deps())).toMatchObject({
      kind: 'unchanged',
      model: 'Recording',
      id: recordingId,
      recording: { recordingStatus: 'COMPLETED' },
    });
    expect(store.recordings.get(recordingId)).toMatchObject({ version: 2, state: { recordingStatus: 'COMPLETED' } });
  });
});

describe('given concurrent writers', () => {
  it('when another writer creates the record first then the event re-reads and merges into it (attempt 2)', async () => {
    let raced = false;
    const outcome = await processEvent(
      streamFixtures.streamEnd,
      deps({
        createStreamSession: async (state) => {
          if (!raced) {
            raced = true;
            await store.createStreamSession({ ...state, status: 'LIVE', endTime: null, duration: null });
            return 'conflict';
          }
          return store.createStreamSession(state);
        },
      }),
    );
    expect(outcome).toMatchObject({ kind: 'written', operation: 'update', attempts: 2 });
    expect(store.streamSessions.get(STREAM)?.state.status).toBe('ENDED');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'StreamSession created concurrently: re-reading' }),
    );
  });

  it('when another writer updates in between then the event re-reads and writes on the new version', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    await processEvent(recordingFixtures.start, deps());
    let raced = false;
    const outcome = await processEvent(
      recordingFixtures.end,
      deps({
        updateRecording: async (state, version) => {
          if (!raced) {
            raced = true;
            const current = store.recordings.get(state.id)!;
            await store.updateRecording(current.state, current.version); // bumps the version
            return 'conflict';
          }
          return store.updateRecording(state, version);
        },
      }),
    );
    expect(outcome).toMatchObject({ kind: 'written', operation: 'update', attempts: 2 });
    expect(store.recordings.get(recordingId)).toMatchObject({ version: 3, state: { recordingStatus: 'COMPLETED' } });
  });

  it.each([
    ['Recording', 'updateRecording' as const, recordingFixtures.end],
    ['StreamSession', 'updateStreamSession' as const, streamFixtures.streamEnd],
  ])(
    'when every %s write conflicts then it gives up after the last attempt with a retryable version_conflict',
    async (_model, method, event) => {
      await processEvent(streamFixtures.streamStart, deps());
      await processEvent(recordingFixtures.start, deps());
      calls = [];
      const error = await processEvent(
        event,
        deps({ [method]: async () => 'conflict' as const }, { maxConflictAttempts: 3 }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableError);
      expect(error).toMatchObject({ reason: 'version_conflict', message: expect.stringContaining('after 3 attempts') });
      expect(calls.filter((c) => c === method)).toHaveLength(3);
    },
  );

  it('when no limit is given then the default number of attempts is made', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    calls = [];
    await expect(
      processEvent(streamFixtures.streamEnd, deps({ updateStreamSession: async () => 'conflict' as const })),
    ).rejects.toMatchObject({
      reason: 'version_conflict',
    });
    expect(calls.filter((c) => c === 'updateStreamSession')).toHaveLength(MAX_CONFLICT_ATTEMPTS);
  });
});

describe('given a data API that fails', () => {
  // The errors the Amplify store maps each failure to (data-errors.ts), thrown from each operation.
  const failures = [
    [
      'throttled',
      () =>
        retryableDataError('op', {
          errors: [{ errorType: 'DynamoDB:ProvisionedThroughputExceededException', message: 'slow down' }],
        }),
    ],
    ['unavailable', () => retryableDataError('op', new TypeError('fetch failed'))],
    ['unknown', () => retryableDataError('op', { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized' }] })],
  ] as const;
  const operations = [
    ['findProfileByChannelArn', streamFixtures.streamStart],
    ['loadStreamSession', streamFixtures.streamStart],
    ['createStreamSession', streamFixtures.streamStart],
    ['loadRecording', recordingFixtures.start],
    ['createRecording', recordingFixtures.start],
  ] as const;

  for (const [reason, failure] of failures) {
    it.each(operations)(
      `when %s fails as ${reason} then the event throws that retryable error and nothing is half-written`,
      async (operation, event) => {
        if (event === recordingFixtures.start) await processEvent(streamFixtures.streamStart, deps());
        const recordsBefore = store.recordings.size;
        const error = await processEvent(event, deps({ [operation]: async () => Promise.reject(failure()) })).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RetryableError);
        expect(error).toMatchObject({ reason });
        expect(store.recordings.size).toBe(recordsBefore);
      },
    );
  }
});

describe('given stream events that are lost or late', () => {
  it('when the Stream Start is lost (Recording Start and End only) then the Recording is COMPLETED and its session is LIVE from evidence only', async () => {
    await processEvent(recordingFixtures.start, deps());
    await processEvent(recordingFixtures.end, deps());
    expect(store.recordings.get(recordingId)?.state).toMatchObject({
      recordingStatus: 'COMPLETED',
      streamSessionId: STREAM,
    });
    const session = store.streamSessions.get(STREAM)?.state;
    expect(session).toMatchObject({
      status: 'LIVE',
      startTime: null,
      endTime: null,
      duration: null,
      profileId: PROFILE,
      owner: 'sub-1::alice',
    });
    expect(session && isKnownOnlyFromRecordings(session)).toBe(true);
  });

  it('when the Stream Start arrives after the recording then the session gets its start time and nothing else is overwritten', async () => {
    await processEvent(recordingFixtures.start, deps());
    await processEvent(recordingFixtures.end, deps());
    const recordingBefore = store.recordings.get(recordingId);
    expect(await processEvent(streamFixtures.streamStart, deps())).toMatchObject({
      kind: 'written',
      model: 'StreamSession',
      operation: 'update',
    });
    expect(store.streamSessions.get(STREAM)?.state).toMatchObject({
      status: 'LIVE',
      startTime: streamEvent(streamFixtures.streamStart).time,
      endTime: null,
      channelArn: CHANNEL,
    });
    expect(store.recordings.get(recordingId)).toEqual(recordingBefore);
  });
});

describe('given a stream id whose session belongs to another channel', () => {
  it('when a recording event names it then the event is rejected (not thrown, not retried) and nothing is written', async () => {
    const other = 'arn:aws:ivs:us-west-2:123456789012:channel/OtherChannel1';
    await store.createStreamSession(sessionOn(other));
    const outcome = await processEvent(recordingFixtures.start, deps());
    expect(outcome).toMatchObject({ kind: 'rejected', error: { reason: 'stream_of_another_channel' } });
    expect(store.recordings.size).toBe(0);
    expect(store.streamSessions.get(STREAM)?.state.channelArn).toBe(other);
    expect(lines.at(-1)).toMatchObject({ level: 'error', fields: { reason: 'stream_of_another_channel' } });
  });
});

describe('given a container that remembers the records it read or wrote (record cache)', () => {
  // The recording fixtures' End events name a second stream (a reconnect): here, one stream.
  const oneStream = { stream_id: STREAM, recording_session_stream_ids: [STREAM] };
  const recordingEnd = withDetail(recordingFixtures.end, oneStream);
  const recordingEndFailure = withDetail(recordingFixtures.endFailure, oneStream);
  let records: RecordCache;
  /** The requests each event sent, profile lookups aside (the profile cache has its own tests). */
  const requestsOf = async (event: unknown, overrides: Partial<RecordsStore> = {}) => {
    calls = [];
    const outcome = await processEvent(event, deps(overrides, { records }));
    return { outcome, requests: calls.filter((call) => call !== 'findProfileByChannelArn') };
  };
  beforeEach(() => {
    records = new RecordCache();
  });

  it('when a broadcast arrives in order then each state change costs one conditional write and no read, and duplicates cost nothing', async () => {
    const broadcast = [
      [streamFixtures.streamStart, 'createStreamSession'],
      [recordingFixtures.start, 'createRecording'],
      [recordingEnd, 'updateRecording'],
      [streamFixtures.streamEnd, 'updateStreamSession'],
    ] as const;
    for (const [event, request] of broadcast) {
      expect(await requestsOf(event)).toMatchObject({ outcome: { kind: 'written' }, requests: [request] });
      expect(await requestsOf(event)).toMatchObject({ outcome: { kind: 'unchanged' }, requests: [] });
    }
    expect(store.recordings.get(recordingId)).toMatchObject({ version: 2, state: { recordingStatus: 'COMPLETED' } });
    expect(store.streamSessions.get(STREAM)).toMatchObject({ version: 2, state: { status: 'ENDED' } });
  });

  it("when a reconnect's stream started on this container then the merged recording's End needs no read of either session", async () => {
    const reconnect = String(recordingFixtures.end.detail.stream_id);
    await requestsOf(streamFixtures.streamStart);
    await requestsOf(recordingFixtures.start);
    expect((await requestsOf(withDetail(streamFixtures.streamStart, { stream_id: reconnect }))).requests).toEqual([
      'createStreamSession',
    ]);
    expect((await requestsOf(recordingFixtures.end)).requests).toEqual(['updateRecording']);
    expect(store.recordings.get(recordingId)?.state.streamIds).toEqual([STREAM, reconnect]);
  });

  it('when another writer moved a remembered recording on then the write conflicts, the event re-reads and the record holds both', async () => {
    await requestsOf(streamFixtures.streamStart);
    await requestsOf(recordingFixtures.start);
    // Another container applies the End Failure: the remembered version (1) is stale.
    await processEvent(recordingEndFailure, deps());
    expect(store.recordings.get(recordingId)?.version).toBe(2);
    const { outcome, requests } = await requestsOf(recordingEnd);
    expect(requests).toEqual(['updateRecording', 'loadRecording', 'updateRecording']);
    expect(outcome).toMatchObject({ kind: 'written', operation: 'update', attempts: 2 });
    expect(store.recordings.get(recordingId)).toMatchObject({
      version: 3,
      state: {
        recordingStatus: 'FAILED',
        recordingStatusReason: expect.any(String),
        recordingDurationMs: expect.any(Number),
      },
    });
    // The re-read was remembered: the next event writes on version 3 without a read.
    expect(records.get('Recording', recordingId)?.version).toBe(3);
  });

  it('when another writer moved a remembered stream session on then a duplicate the cache thinks new re-reads and changes nothing', async () => {
    await requestsOf(streamFixtures.streamStart);
    await processEvent(streamFixtures.streamEnd, deps()); // another container: version 2, ENDED
    expect(records.get('StreamSession', STREAM)?.version).toBe(1);
    const { outcome, requests } = await requestsOf(streamFixtures.streamEnd);
    expect(requests).toEqual(['updateStreamSession', 'loadStreamSession']);
    expect(outcome).toEqual({ kind: 'unchanged', model: 'StreamSession', id: STREAM });
    expect(store.streamSessions.get(STREAM)).toMatchObject({ version: 2, state: { status: 'ENDED' } });
  });

  it('when a Stream Start finds its session already created elsewhere then the create conflicts, it reads and merges', async () => {
    await processEvent(recordingFixtures.start, deps()); // another container: session from evidence, no start time
    const { outcome, requests } = await requestsOf(streamFixtures.streamStart);
    expect(requests).toEqual(['createStreamSession', 'loadStreamSession', 'updateStreamSession']);
    expect(outcome).toMatchObject({ kind: 'written', operation: 'update', attempts: 2 });
    expect(store.streamSessions.get(STREAM)?.state).toMatchObject({
      status: 'LIVE',
      startTime: streamEvent(streamFixtures.streamStart).time,
    });
  });

  it('when an End arrives for a record the container never saw then it reads first (the record usually exists)', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    expect((await requestsOf(streamFixtures.streamEnd)).requests).toEqual(['loadStreamSession', 'updateStreamSession']);
  });

  it('when a record the container never saw is read and the event changes nothing then the read is remembered', async () => {
    await processEvent(streamFixtures.streamStart, deps());
    await processEvent(streamFixtures.streamEnd, deps()); // another container ended it
    expect(await requestsOf(streamFixtures.streamEnd)).toMatchObject({
      outcome: { kind: 'unchanged' },
      requests: ['loadStreamSession'],
    });
    expect(await requestsOf(streamFixtures.streamEnd)).toMatchObject({ outcome: { kind: 'unchanged' }, requests: [] });
  });

  it('when a Recording Start arrives with its session unknown to the container then one read checks both, and a missing session is created without another read', async () => {
    expect((await requestsOf(recordingFixtures.start)).requests).toEqual([
      'loadRecording',
      'createStreamSession',
      'createRecording',
    ]);
    expect(store.streamSessions.get(STREAM)?.state).toMatchObject({ channelArn: CHANNEL, startTime: null });
    expect(store.recordings.get(recordingId)?.state.recordingStatus).toBe('STARTED');
  });

  it('when a remembered session belongs to another channel then the recording event is rejected without reading the session', async () => {
    const other = 'arn:aws:ivs:us-west-2:123456789012:channel/OtherChannel1';
    records.set('StreamSession', STREAM, { version: 1, state: sessionOn(other) });
    const { outcome, requests } = await requestsOf(recordingFixtures.start);
    expect(outcome).toMatchObject({ kind: 'rejected', error: { reason: 'stream_of_another_channel' } });
    expect(requests).toEqual(['loadRecording']);
    expect(store.recordings.size).toBe(0);
  });

  it('when more records than the bound were seen then the least recently used is read again, and the cache never holds more', async () => {
    records = new RecordCache(2);
    const streams = ['st-one', 'st-two', 'st-three'];
    for (const streamId of streams) {
      expect((await requestsOf(withDetail(streamFixtures.streamStart, { stream_id: streamId }))).requests).toEqual([
        'createStreamSession',
      ]);
    }
    expect(records.size).toBe(2);
    expect((await requestsOf(withDetail(streamFixtures.streamEnd, { stream_id: 'st-one' }))).requests).toEqual([
      'loadStreamSession',
      'updateStreamSession',
    ]);
    expect((await requestsOf(withDetail(streamFixtures.streamEnd, { stream_id: 'st-three' }))).requests).toEqual([
      'updateStreamSession',
    ]);
    expect(records.size).toBe(2);
  });

  it('when a write fails with a transient error then the entry is forgotten and the retry reads', async () => {
    await requestsOf(streamFixtures.streamStart);
    const failed = await requestsOf(streamFixtures.streamEnd, {
      updateStreamSession: async () => Promise.reject(retryableDataError('op', new TypeError('fetch failed'))),
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(RetryableError);
    expect((await requestsOf(streamFixtures.streamEnd)).requests).toEqual(['loadStreamSession', 'updateStreamSession']);
  });
});

const sessionOn = (channelArn: string): StreamSessionState => ({
  id: STREAM,
  profileId: 'profile-2',
  owner: 'sub-2::bob',
  channelArn,
  streamId: STREAM,
  status: 'LIVE',
  statusReason: null,
  startTime: '2026-01-01T00:00:00.000Z',
  endTime: null,
  viewerCount: null,
  duration: null,
});
