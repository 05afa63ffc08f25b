import { retryableDataError } from './data-errors';

/** One page as the Amplify Data client returns it. */
export type Page<T> = { data: T[]; nextToken?: string | null; errors?: readonly unknown[] };

/**
 * Every page of a query, following nextToken to the end (a filtered page may be short or
 * empty while matches wait on a later page), or up to `limit` items. A failure of any page
 * is a RetryableError naming the operation.
 */
export const allPages = async <T>(
  operation: string,
  page: (nextToken: string | null) => Promise<Page<T>>,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> => {
  const items: T[] = [];
  let nextToken: string | null = null;
  do {
    let result: Page<T>;
    try {
      result = await page(nextToken);
    } catch (error) {
      throw retryableDataError(operation, error);
    }
    if (result.errors?.length) throw retryableDataError(operation, result);
    items.push(...result.data);
    nextToken = result.nextToken ?? null;
  } while (nextToken && items.length < limit);
  return items.slice(0, limit);
};
