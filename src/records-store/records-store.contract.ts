/**
 * What every RecordsStore must do, as one test suite: run against the in-memory store
 * (unit) and the Amplify store on the local data API (integration), so the fast tests
 * that use the in-memory store say something true about the real one.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParkedEvent } from '../parked-events/parked-event';
import { NO_MEDIA, NO_LIFECYCLE, type RecordingState, type StreamSessionState } from '../recording-engine/records';
import type { RecordsStore } from './records-store';

export type ContractSubject = {
  store: RecordsStore;
  /** Creates a profile the way an admin would; returns its id and creation time. */
  addProfile(profile: {
    channelArn: string;
    owner: string | null;
    channelName: string | null;
    retentionDays?: number;
  }): Promise<{ id: string; createdAt: string }>;
};

const channelArn = () => `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID().replace(/-/g, '').slice(0, 12)}`;

const aStreamSession = (overrides: Partial<StreamSessionState> = {}): StreamSessionState => {
  const streamId = `st-${randomUUID()}`;
  return {
    id: streamId,
    profileId: randomUUID(),
    owner: 'alice',
    channelArn: channelArn(),
    streamId,
    status: 'LIVE',
    statusReason: null,
    startTime: '2026-11-30T10:00:00.000Z',
    endTime: null,
    viewerCount: null,
    duration: null,
    ...overrides,
  };
};

/** A recording of a fresh channel and owner (exported: the Amplify store's own tests use it). */
export const aRecording = (overrides: Partial<RecordingState> = {}): RecordingState => ({
  id: `123456789012-us-east-1-AbCdEf123456-${randomUUID()}`,
  profileId: randomUUID(),
  owner: 'alice',
  streamSessionId: `st-${randomUUID()}`,
  channelArn: channelArn(),
  recordingSessionId: randomUUID(),
  recordingStatus: 'STARTED',
  recordingStatusReason: null,
  s3BucketName: 'ivs-recordings',
  s3KeyPrefix: 'ivs/v1/123456789012/AbCdEf123456/2026/11/30/10/0/abc',
  recordingDurationMs: null,
  streamIds: [],
  startTime: '2026-11-30T10:00:01.000Z',
  endTime: null,
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  ...overrides,
});

const aParkedEvent = (overrides: Partial<ParkedEvent> = {}): ParkedEvent => {
  const eventId = randomUUID();
  return {
    id: eventId,
    eventId,
    channelArn: channelArn(),
    event: JSON.stringify({ id: eventId, 'detail-type': 'IVS Stream State Change', detail: { stream_id: 'st-1' } }),
    parkedAt: '2026-11-30T10:00:00.000Z',
    expiresAt: 1_799_150_400,
    ...overrides,
  };
};

export const describeRecordsStoreContract = (name: string, subject: () => ContractSubject): void => {
  describe(`given the ${name} records store (contract)`, () => {
    it('when a channel has no profile then none is found', async () => {
      expect(await subject().store.findProfileByChannelArn(channelArn())).toBeNull();
    });

    it('when a channel has a profile then it is found with its owner and name', async () => {
      const arn = channelArn();
      const { id } = await subject().addProfile({ channelArn: arn, owner: 'alice', channelName: 'Mine' });
      expect(await subject().store.findProfileByChannelArn(arn)).toEqual({
        id,
        owner: 'alice',
        channelArn: arn,
        channelName: 'Mine',
        retentionDays: null,
      });
    });

    it('when a profile has a retention period then it is found with it', async () => {
      const arn = channelArn();
      await subject().addProfile({ channelArn: arn, owner: 'alice', channelName: null, retentionDays: 30 });
      expect((await subject().store.findProfileByChannelArn(arn))?.retentionDays).toBe(30);
    });

    it('when a recording does not exist then it loads as null, and its stream session is seen once created', async () => {
      const { store } = subject();
      const session = aStreamSession();
      const recording = aRecording({ streamSessionId: session.id });
      expect(await store.loadRecording(recording.id, session.id)).toEqual({
        recording: null,
        streamSessionChannelArn: null,
      });
      expect(await store.createStreamSession(session)).toBe('written');
      expect(await store.loadRecording(recording.id, session.id)).toEqual({
        recording: null,
        streamSessionChannelArn: session.channelArn,
      });
    });

    it('when a recording is created then it loads field for field at version 1, and a second create conflicts', async () => {
      const { store } = subject();
      const session = aStreamSession();
      const recording = aRecording({
        streamSessionId: session.id,
        streamIds: [session.id, 'st-2'],
        recordingDurationMs: 1234,
      });
      await store.createStreamSession(session);
      expect(await store.createRecording(recording)).toBe('written');
      expect(await store.loadRecording(recording.id, session.id)).toEqual({
        recording: { state: recording, version: 1 },
        streamSessionChannelArn: session.channelArn,
      });
      expect(await store.createRecording({ ...recording, recordingStatus: 'FAILED' })).toBe('conflict');
      expect((await store.loadRecording(recording.id, session.id)).recording?.state.recordingStatus).toBe('STARTED');
    });

    it('when a recording is updated at the version read then it moves to the next version; at a stale version it conflicts and keeps its state', async () => {
      const { store } = subject();
      const recording = aRecording();
      await store.createRecording(recording);
      const completed: RecordingState = {
        ...recording,
        recordingStatus: 'COMPLETED',
        endTime: '2026-11-30T11:00:00.000Z',
        recordingDurationMs: 3_599_000,
      };
      expect(await store.updateRecording(completed, 1)).toBe('written');
      expect(await store.updateRecording({ ...recording, recordingStatus: 'FAILED' }, 1)).toBe('conflict');
      expect((await store.loadRecording(recording.id, recording.streamSessionId)).recording).toEqual({
        state: completed,
        version: 2,
      });
    });

    it('when a recording that does not exist is updated then it conflicts and nothing is created', async () => {
      const { store } = subject();
      const recording = aRecording();
      expect(await store.updateRecording(recording, 1)).toBe('conflict');
      expect((await store.loadRecording(recording.id, recording.streamSessionId)).recording).toBeNull();
    });

    it('when a stream session is created, updated and raced then it behaves as a recording does', async () => {
      const { store } = subject();
      const session = aStreamSession();
      expect(await store.loadStreamSession(session.id)).toBeNull();
      expect(await store.createStreamSession(session)).toBe('written');
      expect(await store.createStreamSession(session)).toBe('conflict');
      expect(await store.loadStreamSession(session.id)).toEqual({ state: session, version: 1 });
      const ended: StreamSessionState = {
        ...session,
        status: 'ENDED',
        endTime: '2026-11-30T11:00:00.000Z',
        duration: 3_600_000,
      };
      expect(await store.updateStreamSession(ended, 1)).toBe('written');
      expect(await store.updateStreamSession({ ...session, status: 'FAILED' }, 1)).toBe('conflict');
      expect(await store.loadStreamSession(session.id)).toEqual({ state: ended, version: 2 });
    });

    it('when an event is parked then its channel lists it field for field, oldest first, and a second park of its id conflicts', async () => {
      const { store } = subject();
      const arn = channelArn();
      const later = aParkedEvent({ channelArn: arn, parkedAt: '2026-11-30T10:05:00.000Z' });
      const earlier = aParkedEvent({ channelArn: arn, parkedAt: '2026-11-30T10:01:00.000Z' });
      const otherChannel = aParkedEvent();
      for (const parked of [later, earlier, otherChannel]) expect(await store.parkEvent(parked)).toBe('written');
      expect(await store.parkEvent({ ...later, parkedAt: '2026-12-01T00:00:00.000Z' })).toBe('conflict');
      expect(await store.parkedEventsOfChannel(arn, 10)).toEqual([earlier, later]);
      expect(await store.parkedEventsOfChannel(arn, 1)).toEqual([earlier]);
      expect(await store.parkedEventsOfChannel(channelArn(), 10)).toEqual([]);
    });

    it('when events of several channels are parked then the parked partition lists them all, oldest first', async () => {
      const { store } = subject();
      const first = aParkedEvent({ parkedAt: '2000-01-01T00:00:00.000Z' });
      const second = aParkedEvent({ parkedAt: '2000-01-01T00:00:01.000Z' });
      await store.parkEvent(second);
      await store.parkEvent(first);
      const all = await store.parkedEvents(10_000);
      const ours = all.filter((p) => p.id === first.id || p.id === second.id);
      expect(ours).toEqual([first, second]);
      const parkedAts = all.map((p) => p.parkedAt);
      expect(parkedAts).toEqual([...parkedAts].sort());
    });

    it('when a parked event is deleted then it is gone, and deleting it again is no error', async () => {
      const { store } = subject();
      const parked = aParkedEvent();
      await store.parkEvent(parked);
      await store.deleteParkedEvent(parked.id);
      expect(await store.parkedEventsOfChannel(parked.channelArn, 10)).toEqual([]);
      await expect(store.deleteParkedEvent(parked.id)).resolves.toBeUndefined();
      expect(await store.parkEvent(parked)).toBe('written');
    });
  });
};
