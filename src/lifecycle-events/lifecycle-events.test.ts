import { describe, expect, it } from 'vitest';
import { lifecycleEventId } from './event-id';
import failedJson from './fixtures/failed-recording.json';
import indexedJson from './fixtures/indexed-recording.json';
import {
  LIFECYCLE_EVENT_SOURCE,
  lifecycleEntry,
  owedLifecycleEntries,
  owedLifecycleEvents,
  RECORDING_DELETED,
  RECORDING_FAILED,
  RECORDING_READY,
  withLifecycleEventsSent,
} from './lifecycle-events';
import type { RecordingState } from '../recording-engine/records';

const fixture = (json: unknown): RecordingState => structuredClone(json) as RecordingState;
const indexed = fixture(indexedJson);
const failed = fixture(failedJson);
const DELETED_AT = '2026-12-30T03:00:00.000Z';

describe('given the deterministic event id', () => {
  it('when computed twice for one recording and transition then it is the same UUID-shaped id', () => {
    const id = lifecycleEventId(indexed.id, 'READY');
    expect(lifecycleEventId(indexed.id, 'READY')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('when the transition or the recording differs then the id differs', () => {
    const ids = new Set([
      lifecycleEventId(indexed.id, 'READY'),
      lifecycleEventId(indexed.id, 'FAILED'),
      lifecycleEventId(indexed.id, 'DELETED'),
      lifecycleEventId(failed.id, 'READY'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('when computed as the docs describe then it is this exact value (a consumer can compute it)', () => {
    expect(lifecycleEventId('123456789012-us-east-1-DemoChannel1-q8Z9O91ndcVs', 'READY')).toBe(
      '3cad9a48-0ca9-8230-832f-d45d2bc4ae55',
    );
  });
});

describe('given the events a recording owes', () => {
  it('when a recording is STARTED then it owes nothing', () => {
    expect(owedLifecycleEvents({ ...indexed, recordingStatus: 'STARTED', mediaIndexedAt: null })).toEqual([]);
  });

  it('when it is COMPLETED but its media is not indexed then it owes nothing yet', () => {
    expect(owedLifecycleEvents({ ...indexed, mediaIndexedAt: null })).toEqual([]);
  });

  it('when it is COMPLETED and indexed then it owes READY, and nothing once READY is marked sent', () => {
    expect(owedLifecycleEvents(indexed)).toEqual(['READY']);
    expect(owedLifecycleEvents(withLifecycleEventsSent(indexed, ['READY']))).toEqual([]);
  });

  it('when it is FAILED, with or without media, then it owes FAILED', () => {
    expect(owedLifecycleEvents(failed)).toEqual(['FAILED']);
    expect(owedLifecycleEvents({ ...indexed, recordingStatus: 'FAILED' })).toEqual(['FAILED']);
  });

  it('when a READY recording later fails then it owes FAILED as well, once', () => {
    const ready = withLifecycleEventsSent(indexed, ['READY']);
    const failedLater = { ...ready, recordingStatus: 'FAILED' as const };
    expect(owedLifecycleEvents(failedLater)).toEqual(['FAILED']);
    expect(withLifecycleEventsSent(failedLater, ['FAILED']).lifecycleEventsSent).toEqual(['READY', 'FAILED']);
  });

  it('when it is deleted then it owes DELETED only: a READY never sent is dropped', () => {
    expect(owedLifecycleEvents({ ...indexed, deletedAt: DELETED_AT })).toEqual(['DELETED']);
    const sent = withLifecycleEventsSent({ ...indexed, deletedAt: DELETED_AT }, ['DELETED']);
    expect(owedLifecycleEvents(sent)).toEqual([]);
  });

  it('when nothing is added to the marker then the record is returned as it is (no write)', () => {
    expect(withLifecycleEventsSent(indexed, [])).toBe(indexed);
    const ready = withLifecycleEventsSent(indexed, ['READY']);
    expect(withLifecycleEventsSent(ready, ['READY'])).toBe(ready);
  });

  it('when its deletion began but is not done then it owes nothing, not even the READY it never sent', () => {
    expect(owedLifecycleEvents({ ...indexed, deletionRequestedAt: DELETED_AT })).toEqual([]);
  });

  it('when events are marked in any order or twice then the marker is stored one way', () => {
    const a = withLifecycleEventsSent(withLifecycleEventsSent(indexed, ['DELETED']), ['READY', 'READY']);
    const b = withLifecycleEventsSent(indexed, ['READY', 'DELETED']);
    expect(a.lifecycleEventsSent).toEqual(['READY', 'DELETED']);
    expect(b.lifecycleEventsSent).toEqual(['READY', 'DELETED']);
  });
});

describe('given the entries', () => {
  it('when a recording is ready then its entry is the documented Recording Ready event', () => {
    expect(owedLifecycleEntries(indexed)).toEqual([
      {
        transition: 'READY',
        source: LIFECYCLE_EVENT_SOURCE,
        detailType: RECORDING_READY,
        time: indexed.mediaIndexedAt,
        resources: [indexed.channelArn],
        detail: {
          eventId: lifecycleEventId(indexed.id, 'READY'),
          schemaVersion: 1,
          recordingId: indexed.id,
          profileId: indexed.profileId,
          channelArn: indexed.channelArn,
          recordingSessionId: indexed.recordingSessionId,
          streamSessionId: indexed.streamSessionId,
          status: 'COMPLETED',
          startTime: indexed.startTime,
          endTime: indexed.endTime,
          durationMs: 4000,
          s3Bucket: indexed.s3BucketName,
          s3KeyPrefix: indexed.s3KeyPrefix,
          masterPlaylistKey: indexed.masterPlaylistKey,
          mediaIndexedAt: indexed.mediaIndexedAt,
        },
      },
    ]);
  });

  it('when a recording failed then its entry carries the reason and the failure time', () => {
    const [entry] = owedLifecycleEntries(failed);
    expect(entry?.detailType).toBe(RECORDING_FAILED);
    expect(entry?.time).toBe(failed.startTime);
    expect(entry?.detail).toMatchObject({ reason: failed.recordingStatusReason, status: 'FAILED', durationMs: null });
  });

  it('when a recording is deleted then its entry carries the deletion time', () => {
    const entry = lifecycleEntry({ ...indexed, deletedAt: DELETED_AT }, 'DELETED');
    expect(entry.detailType).toBe(RECORDING_DELETED);
    expect(entry.time).toBe(DELETED_AT);
    expect(entry.detail).toMatchObject({ deletedAt: DELETED_AT, eventId: lifecycleEventId(indexed.id, 'DELETED') });
  });

  it('when built twice from one record then the entries are identical (no clock, no random id)', () => {
    expect(owedLifecycleEntries(indexed)).toEqual(owedLifecycleEntries(fixture(indexedJson)));
  });

  it('when any entry is built then no owner (a user identity) is in it', () => {
    const entries = [
      ...owedLifecycleEntries(indexed),
      ...owedLifecycleEntries(failed),
      lifecycleEntry({ ...indexed, deletedAt: DELETED_AT }, 'DELETED'),
    ];
    for (const entry of entries) {
      expect(entry.detail).not.toHaveProperty('owner');
      expect(JSON.stringify(entry)).not.toContain(indexed.owner);
    }
  });
});
