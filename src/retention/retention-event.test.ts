import { describe, expect, it } from 'vitest';
import { parseRetentionEvent } from './retention-event';

describe('given an invocation of the retention function', () => {
  it('when EventBridge Scheduler invokes it (its event, or none) then it is the scheduled run', () => {
    expect(parseRetentionEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} })).toEqual({
      kind: 'scheduled',
    });
    expect(parseRetentionEvent({})).toEqual({ kind: 'scheduled' });
    expect(parseRetentionEvent(null)).toEqual({ kind: 'scheduled' });
  });

  it('when AppSync calls purgeRecording then it is a purge by the user pool caller', () => {
    expect(
      parseRetentionEvent({
        fieldName: 'purgeRecording',
        arguments: { id: 'rec-1' },
        identity: { sub: 'sub-1', username: 'alice', claims: {} },
      }),
    ).toEqual({ kind: 'purge', recordingId: 'rec-1', caller: { sub: 'sub-1', username: 'alice' } });
    // An IAM caller has no sub: never the owner of anything.
    expect(parseRetentionEvent({ fieldName: 'purgeRecording', arguments: { id: 'rec-1' }, identity: {} })).toEqual({
      kind: 'purge',
      recordingId: 'rec-1',
      caller: null,
    });
  });

  it('when the id is empty or another field is asked then the error says what is wrong', () => {
    expect(() => parseRetentionEvent({ fieldName: 'purgeRecording', arguments: { id: ' ' } })).toThrow(
      'id must be a non-empty recording id',
    );
    expect(() => parseRetentionEvent({ fieldName: 'deleteRecording', arguments: {} })).toThrow(
      'the retention function does not answer deleteRecording',
    );
  });
});
