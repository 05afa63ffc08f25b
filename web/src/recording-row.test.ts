import { describe, expect, it } from 'vitest';
import {
  DELETING_TEXT,
  IDLE,
  offersPlayer,
  type PurgeAction,
  type PurgeState,
  purgeReducer,
  purgesReducer,
  recordingRowView,
} from './recording-row';

const completed = {
  recordingStatus: 'COMPLETED',
  expiresAt: '2026-12-30T20:42:39.000Z',
  deletionRequestedAt: null,
  deletedAt: null,
};
const failed = { ...completed, recordingStatus: 'FAILED', expiresAt: null };
const started = { ...completed, recordingStatus: 'STARTED', expiresAt: null };

const after = (...actions: PurgeAction[]): PurgeState => actions.reduce(purgeReducer, IDLE);

describe('given a recording that is final and not deleted', () => {
  it('when it completed then the row offers Play and Delete, and says when it expires', () => {
    expect(recordingRowView(completed)).toEqual({
      playback: { kind: 'play' },
      expiry: { text: 'Expires 2026-12-30', exact: 'Expires 2026-12-30 20:42:39 UTC' },
      delete: { kind: 'offer' },
    });
  });

  it('when it failed and is kept forever then the row offers its details and Delete, and no expiry', () => {
    expect(recordingRowView(failed)).toEqual({
      playback: { kind: 'details' },
      expiry: null,
      delete: { kind: 'offer' },
    });
  });

  it('when the owner presses Delete then the row asks to confirm; Cancel offers Delete again', () => {
    expect(recordingRowView(completed, after({ type: 'ask' })).delete).toEqual({ kind: 'confirm' });
    expect(recordingRowView(completed, after({ type: 'ask' })).playback).toEqual({ kind: 'play' });
    expect(recordingRowView(completed, after({ type: 'ask' }, { type: 'cancel' })).delete).toEqual({ kind: 'offer' });
  });

  it('when the owner confirms then the request is in flight: the row says Deleting… and no longer offers the player', () => {
    const view = recordingRowView(completed, after({ type: 'ask' }, { type: 'confirm' }));
    expect(view.delete).toEqual({ kind: 'deleting' });
    expect(view.playback).toEqual({ kind: 'deleting', text: DELETING_TEXT });
    expect(offersPlayer(view)).toBe(false);
  });

  it('when the request is refused then the row shows the error and offers Delete again', () => {
    const refused = after(
      { type: 'ask' },
      { type: 'confirm' },
      { type: 'refused', message: 'InProgress: still recording' },
    );
    const view = recordingRowView(completed, refused);
    expect(view.delete).toEqual({ kind: 'refused', message: 'InProgress: still recording' });
    expect(view.playback).toEqual({ kind: 'play' });
    expect(purgeReducer(refused, { type: 'ask' })).toEqual({ kind: 'confirming' });
  });

  it('when the answer says deleted before the live update came then the row already shows Deleted, without player, expiry or Delete', () => {
    const view = recordingRowView(
      completed,
      after({ type: 'ask' }, { type: 'confirm' }, { type: 'deleted', deletedAt: '2026-11-30T13:40:05.120Z' }),
    );
    expect(view).toEqual({
      playback: { kind: 'deleted', text: 'Deleted 2026-11-30 13:40:05 UTC' },
      expiry: null,
      delete: { kind: 'none' },
    });
    expect(offersPlayer(view)).toBe(false);
  });
});

describe('given a recording whose deletion began (deletionRequestedAt, no deletedAt)', () => {
  const deleting = { ...completed, deletionRequestedAt: '2026-11-30T13:40:00.000Z' };

  it('when the row shows then it says Deleting… instead of Play, and Delete stays offered (asking again resumes it)', () => {
    const view = recordingRowView(deleting);
    expect(view.playback).toEqual({ kind: 'deleting', text: DELETING_TEXT });
    expect(view.delete).toEqual({ kind: 'offer' });
    expect(offersPlayer(view)).toBe(false);
  });
});

describe('given a tombstone (deletedAt set)', () => {
  it('when the row shows then it says Deleted <time> and offers nothing, whatever this page did', () => {
    const tombstone = { ...completed, deletionRequestedAt: '2026-11-30T13:40:00Z', deletedAt: '2026-11-30T13:40:01Z' };
    for (const purge of [IDLE, after({ type: 'ask' })]) {
      expect(recordingRowView(tombstone, purge)).toEqual({
        playback: { kind: 'deleted', text: 'Deleted 2026-11-30 13:40:01 UTC' },
        expiry: null,
        delete: { kind: 'none' },
      });
    }
  });
});

describe('given a recording still being recorded (STARTED)', () => {
  it('when the row shows then it has neither player nor Delete', () => {
    expect(recordingRowView(started)).toEqual({ playback: { kind: 'none' }, expiry: null, delete: { kind: 'none' } });
  });

  it('when its status is one this page does not know then it offers nothing either', () => {
    expect(recordingRowView({ ...completed, recordingStatus: 'PAUSED' }).delete).toEqual({ kind: 'none' });
    expect(recordingRowView({ ...completed, recordingStatus: null }).playback).toEqual({ kind: 'none' });
  });
});

describe('given delete requests', () => {
  it('when confirm is pressed twice, or an answer comes for no request, then nothing more happens', () => {
    const inFlight = after({ type: 'ask' }, { type: 'confirm' });
    expect(purgeReducer(inFlight, { type: 'confirm' })).toBe(inFlight);
    expect(purgeReducer(inFlight, { type: 'ask' })).toBe(inFlight);
    expect(purgeReducer(IDLE, { type: 'deleted', deletedAt: '2026-11-30T13:40:01Z' })).toBe(IDLE);
    expect(purgeReducer(IDLE, { type: 'confirm' })).toBe(IDLE);
  });

  it('when several recordings are asked about then each keeps its own state', () => {
    const purges = [
      { id: 'a', action: { type: 'ask' } as const },
      { id: 'b', action: { type: 'ask' } as const },
      { id: 'a', action: { type: 'confirm' } as const },
    ].reduce(purgesReducer, {});
    expect(purges).toEqual({ a: { kind: 'deleting' }, b: { kind: 'confirming' } });
    expect(purgesReducer(purges, { id: 'c', action: { type: 'cancel' } })).toBe(purges);
  });
});
