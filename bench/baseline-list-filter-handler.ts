/**
 * BASELINE for the benchmark only (never deployed): a RecordingStatusHandler written the
 * way the seed's documented queries suggest. It finds the profile, the stream session and
 * the recording with `client.models.X.list({ filter })`, i.e. one DynamoDB Scan page
 * (limit 100) per lookup, reads only the first page, and writes without any condition
 * (create with an id Amplify generates, or a plain update). It makes the same decisions
 * as the real handler (the pure recording engine); only its data access differs.
 *
 * What goes wrong once a table is larger than a page: the first page comes back empty
 * while the match is on a later one, so the record is "not found" and created again
 * (a duplicate), and the real one never gets the update.
 */
import { PermanentEventError } from '../src/recording-engine/errors';
import { parseIvsEvent, type RecordingStateChange, type StreamStateChange } from '../src/recording-engine/ivs-event';
import {
  NO_MEDIA,
  NO_LIFECYCLE,
  type RecordingState,
  type RecordOwner,
  type StreamSessionState,
} from '../src/recording-engine/records';
import { isSameRecording, nextRecording, recordingStreamSessionId } from '../src/recording-engine/recording-state';
import { isSameStreamSession, nextStreamSession, whyIgnored } from '../src/recording-engine/stream-session-state';
import type { DataClient } from '../src/records-store/amplify-records-store';

export type BaselineModel = 'Profile' | 'StreamSession' | 'Recording';
/** The logical key looked up: channel ARN, stream id, or channel ARN + recording session id. */
export type BaselineLookup = { model: BaselineModel; key: string; found: boolean };
export type BaselineWrite = { model: Exclude<BaselineModel, 'Profile'>; key: string; operation: 'create' | 'update' };

export type BaselineResult = { outcome: 'written' | 'unchanged' | 'ignored' | 'skipped' | 'rejected'; reason?: string };

export const recordingKeyOf = (channelArn: string, recordingSessionId: string) => `${channelArn}#${recordingSessionId}`;

type Row = Record<string, unknown> & { id: string; version?: number | null };

const firstPage = async (
  model: BaselineModel,
  list: () => Promise<{ data: unknown[]; errors?: ReadonlyArray<{ message: string }> }>,
): Promise<Row | null> => {
  const result = await list();
  if (result.errors?.length) throw new Error(`${model}.list failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return (result.data[0] as Row | undefined) ?? null;
};

const checked = (operation: string, result: { errors?: ReadonlyArray<{ message: string }> }) => {
  if (result.errors?.length) throw new Error(`${operation} failed: ${result.errors.map((e) => e.message).join('; ')}`);
};

const recordingState = (row: Row): RecordingState => ({
  id: row.id,
  profileId: String(row.profileId),
  owner: (row.owner as string | null) ?? null,
  streamSessionId: String(row.streamSessionId),
  channelArn: String(row.channelArn),
  recordingSessionId: String(row.recordingSessionId),
  recordingStatus: row.recordingStatus as RecordingState['recordingStatus'],
  recordingStatusReason: (row.recordingStatusReason as string | null) ?? null,
  s3BucketName: (row.s3BucketName as string | null) ?? null,
  s3KeyPrefix: (row.s3KeyPrefix as string | null) ?? null,
  recordingDurationMs: (row.recordingDurationMs as number | null) ?? null,
  streamIds: (row.streamIds as string[] | null) ?? [],
  startTime: (row.startTime as string | null) ?? null,
  endTime: (row.endTime as string | null) ?? null,
  // The baseline handles IVS events only: it never indexes media.
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
});

const streamSessionState = (row: Row): StreamSessionState => ({
  id: row.id,
  profileId: String(row.profileId),
  owner: (row.owner as string | null) ?? null,
  channelArn: String(row.channelArn),
  streamId: String(row.streamId),
  status: row.status as StreamSessionState['status'],
  statusReason: (row.statusReason as string | null) ?? null,
  startTime: (row.startTime as string | null) ?? null,
  endTime: (row.endTime as string | null) ?? null,
  viewerCount: (row.viewerCount as number | null) ?? null,
  duration: (row.duration as number | null) ?? null,
});

/** Creates send no null fields: the status indexes reject a null key (the real store's concern, not the baseline's). */
const withoutNulls = <T extends Record<string, unknown>>(fields: T): T =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) as T;

export const createBaselineListFilterHandler = (deps: {
  client: DataClient;
  onLookup?: (lookup: BaselineLookup) => void;
  onWrite?: (write: BaselineWrite) => void;
}) => {
  const { client } = deps;
  const lookup = (model: BaselineModel, key: string, row: Row | null) => {
    deps.onLookup?.({ model, key, found: row !== null });
    return row;
  };

  const applyStream = async (event: StreamStateChange, owner: RecordOwner): Promise<BaselineResult> => {
    const row = lookup(
      'StreamSession',
      event.streamId,
      await firstPage('StreamSession', () =>
        client.models.StreamSession.list({ filter: { streamId: { eq: event.streamId } } }),
      ),
    );
    const current = row ? streamSessionState(row) : null;
    const next = nextStreamSession(current, event, owner);
    if (next === null) return { outcome: 'ignored' };
    if (row && current) {
      if (isSameStreamSession(current, next)) return { outcome: 'unchanged' };
      const { id: _ignored, ...fields } = next;
      checked(
        'updateStreamSession',
        await client.models.StreamSession.update({ ...fields, id: row.id, version: (row.version ?? 0) + 1 }),
      );
      deps.onWrite?.({ model: 'StreamSession', key: event.streamId, operation: 'update' });
      return { outcome: 'written' };
    }
    const { id: _ignored, ...fields } = next;
    checked('createStreamSession', await client.models.StreamSession.create(withoutNulls({ ...fields, version: 1 })));
    deps.onWrite?.({ model: 'StreamSession', key: event.streamId, operation: 'create' });
    return { outcome: 'written' };
  };

  const applyRecording = async (event: RecordingStateChange, owner: RecordOwner): Promise<BaselineResult> => {
    const streamId = recordingStreamSessionId(event);
    const session = lookup(
      'StreamSession',
      streamId,
      await firstPage('StreamSession', () =>
        client.models.StreamSession.list({ filter: { streamId: { eq: streamId } } }),
      ),
    );
    const key = recordingKeyOf(event.channelArn, event.recordingSessionId);
    const row = lookup(
      'Recording',
      key,
      await firstPage('Recording', () =>
        client.models.Recording.list({
          filter: { channelArn: { eq: event.channelArn }, recordingSessionId: { eq: event.recordingSessionId } },
        }),
      ),
    );
    const current = row ? recordingState(row) : null;
    const decided = nextRecording(current, event, owner);
    // Linked to the session row it found (its own id), else to the stream id.
    const next = { ...decided, streamSessionId: session?.id ?? decided.streamSessionId };
    const { id: _ignored, ...fields } = next;
    if (row && current) {
      if (isSameRecording(current, next)) return { outcome: 'unchanged' };
      checked(
        'updateRecording',
        await client.models.Recording.update({ ...fields, id: row.id, version: (row.version ?? 0) + 1 }),
      );
      deps.onWrite?.({ model: 'Recording', key, operation: 'update' });
      return { outcome: 'written' };
    }
    checked('createRecording', await client.models.Recording.create(withoutNulls({ ...fields, version: 1 })));
    deps.onWrite?.({ model: 'Recording', key, operation: 'create' });
    return { outcome: 'written' };
  };

  return async (raw: unknown): Promise<BaselineResult> => {
    let event: RecordingStateChange | StreamStateChange;
    try {
      event = parseIvsEvent(raw);
    } catch (error) {
      if (error instanceof PermanentEventError) return { outcome: 'rejected', reason: error.reason };
      throw error;
    }
    if (event.kind === 'stream' && whyIgnored(event.eventName)) return { outcome: 'ignored' };
    const profile = lookup(
      'Profile',
      event.channelArn,
      await firstPage('Profile', () =>
        client.models.Profile.list({ filter: { channelArn: { eq: event.channelArn } } }),
      ),
    );
    if (!profile) return { outcome: 'skipped', reason: 'missing_profile' };
    const owner: RecordOwner = { profileId: profile.id, owner: (profile.owner as string | null) ?? null };
    return event.kind === 'stream' ? applyStream(event, owner) : applyRecording(event, owner);
  };
};
