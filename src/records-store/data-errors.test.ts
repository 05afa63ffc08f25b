import { describe, expect, it } from 'vitest';
import { isConditionalCheckFailure, retryableDataError } from './data-errors';

describe('given what the Amplify client threw or returned', () => {
  it.each([
    [
      'a throttled request',
      { errors: [{ errorType: 'DynamoDB:ThrottlingException', message: 'Rate exceeded' }] },
      'throttled',
    ],
    [
      'exceeded throughput',
      { errors: [{ errorType: 'DynamoDB:ProvisionedThroughputExceededException', message: '' }] },
      'throttled',
    ],
    ['a refused connection', new TypeError('fetch failed'), 'unavailable'],
    [
      'a network error without a type',
      { errors: [{ message: 'NetworkError when attempting to fetch resource.' }] },
      'unavailable',
    ],
    [
      'a misconfiguration',
      { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access createRecording' }] },
      'unknown',
    ],
  ])('when it is %s then it maps to a RetryableError "%s"', (_what, error, reason) => {
    const mapped = retryableDataError('createRecording', error);
    expect(mapped).toMatchObject({
      name: 'RetryableError',
      reason,
      message: expect.stringMatching(/^createRecording failed: /),
    });
    expect(mapped.cause).toBe(error);
  });

  it('when a write was refused by its condition then it is a conflict, and nothing else is', () => {
    expect(isConditionalCheckFailure({ errors: [{ errorType: 'DynamoDB:ConditionalCheckFailedException' }] })).toBe(
      true,
    );
    expect(isConditionalCheckFailure({ errors: [{ errorType: 'Unauthorized' }] })).toBe(false);
    expect(isConditionalCheckFailure(new Error('ConditionalCheckFailed'))).toBe(false);
  });
});
