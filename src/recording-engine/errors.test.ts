import { describe, expect, it } from 'vitest';
import { isPermanentEventError, isRetryableError, PermanentEventError, RetryableError } from './errors';

describe('given a PermanentEventError', () => {
  const error = new PermanentEventError(
    'invalid_field',
    'detail.stream_id must be a stream id, got 7',
    'evt-1',
    'detail.stream_id',
  );
  it('when inspected then it carries reason, message, event id and field, and is not retryable', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'PermanentEventError',
      reason: 'invalid_field',
      message: 'detail.stream_id must be a stream id, got 7',
      eventId: 'evt-1',
      field: 'detail.stream_id',
      retryable: false,
    });
  });
  it('when checked with the guards then only isPermanentEventError holds', () => {
    expect([isPermanentEventError(error), isRetryableError(error)]).toEqual([true, false]);
  });
});

describe('given a RetryableError', () => {
  const cause = new Error('socket hang up');
  const error = new RetryableError('unavailable', 'updateRecording failed', { cause });
  it('when inspected then it carries reason and cause, and is retryable', () => {
    expect(error).toMatchObject({ name: 'RetryableError', reason: 'unavailable', retryable: true });
    expect(error.cause).toBe(cause);
  });
  it('when checked with the guards then only isRetryableError holds', () => {
    expect([isPermanentEventError(error), isRetryableError(error)]).toEqual([false, true]);
  });
});

describe('given things that are not our errors', () => {
  it.each([new Error('x'), new TypeError('y'), { reason: 'invalid_field', message: 'fake' }, null, 'error'])(
    'when %j is checked then neither guard holds',
    (value) => {
      expect([isPermanentEventError(value), isRetryableError(value)]).toEqual([false, false]);
    },
  );
});
