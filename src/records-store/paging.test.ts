import { describe, expect, it } from 'vitest';
import { RetryableError } from '../recording-engine/errors';
import { allPages, type Page } from './paging';

const pages = (...contents: number[][]): ((token: string | null) => Promise<Page<number>>) => {
  return async (token) => {
    const index = token === null ? 0 : Number(token);
    return { data: contents[index] ?? [], nextToken: index + 1 < contents.length ? String(index + 1) : null };
  };
};

describe('given a paged query', () => {
  it('when a page is empty but a later one matches then every page is read', async () => {
    expect(await allPages('q', pages([1], [], [2, 3]))).toEqual([1, 2, 3]);
  });

  it('when a limit is given then paging stops once it is reached and no more is returned', async () => {
    const asked: (string | null)[] = [];
    const source = pages([1, 2], [3, 4], [5]);
    const items = await allPages('q', (token) => (asked.push(token), source(token)), 3);
    expect(items).toEqual([1, 2, 3]);
    expect(asked).toEqual([null, '1']);
  });

  it('when a page carries GraphQL errors then it is a RetryableError naming the operation', async () => {
    const failing = async () => ({ data: [], errors: [{ errorType: 'Throttling', message: 'slow down' }] });
    await expect(allPages('recordingsByStatus', failing)).rejects.toMatchObject({
      name: 'RetryableError',
      reason: 'throttled',
      message: expect.stringContaining('recordingsByStatus failed'),
    });
  });

  it('when a page throws then it is a RetryableError', async () => {
    const error = await allPages('q', async () => Promise.reject(new TypeError('fetch failed'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ reason: 'unavailable' });
  });
});
