/**
 * What the page holds for one kind of record (stream sessions or recordings): the rows
 * loaded so far, one index-query cursor per profile, and the live changes merged in.
 * Pure: the page feeds it query pages and subscription messages.
 *
 * The profileId indexes have no sort key, so DynamoDB returns a profile's records in no
 * useful order: "newest first" is an order over the rows loaded so far (by start time),
 * and "Load more" may bring rows that sort above the ones already shown.
 */

/** The fields the feed needs; the page's rows carry more. */
export type FeedRow = {
  id: string;
  profileId: string;
  version: number;
  startTime?: string | null;
  endTime?: string | null;
  createdAt?: string | null;
};

/** Where a profile's index query stands: first page not asked yet, more pages, or done. */
export type Cursor = { state: 'first' } | { state: 'more'; nextToken: string } | { state: 'done' };

export type Feed<T extends FeedRow> = {
  /** Newest first. */
  rows: readonly T[];
  cursors: Readonly<Record<string, Cursor>>;
};

export type Page<T> = { items: readonly T[]; nextToken?: string | null };

export const emptyFeed = <T extends FeedRow>(): Feed<T> => ({ rows: [], cursors: {} });

/** Profiles the feed should page through; a profile already known keeps its cursor. */
export const withProfiles = <T extends FeedRow>(feed: Feed<T>, profileIds: readonly string[]): Feed<T> => {
  const cursors = { ...feed.cursors };
  for (const id of profileIds) cursors[id] ??= { state: 'first' };
  return { ...feed, cursors };
};

/** The profiles with a page still to load, and the token to ask it with (null: the first page). */
export const pendingPages = <T extends FeedRow>(
  feed: Feed<T>,
): Array<{ profileId: string; nextToken: string | null }> =>
  Object.entries(feed.cursors).flatMap(
    ([profileId, cursor]): Array<{ profileId: string; nextToken: string | null }> => {
      switch (cursor.state) {
        case 'first':
          return [{ profileId, nextToken: null }];
        case 'more':
          return [{ profileId, nextToken: cursor.nextToken }];
        case 'done':
          return [];
      }
    },
  );

export const hasMore = <T extends FeedRow>(feed: Feed<T>): boolean => pendingPages(feed).length > 0;

/** Whether any profile's first page has not come back yet (the empty state waits for them). */
export const loadingFirstPages = <T extends FeedRow>(feed: Feed<T>): boolean =>
  Object.values(feed.cursors).some((cursor) => cursor.state === 'first');

/** When a record started, as the page orders it: its start, else its end, else its creation. */
const sortTime = (row: FeedRow): string => row.startTime ?? row.endTime ?? row.createdAt ?? '';

/** Newest first; ties by id so the order is stable. */
export const newestFirst = (a: FeedRow, b: FeedRow): number =>
  sortTime(b).localeCompare(sortTime(a)) || a.id.localeCompare(b.id);

/**
 * Merges records in by id. A record never goes back to an older version: a query page read
 * before an update can come back after the update's live message.
 */
export const mergeRows = <T extends FeedRow>(rows: readonly T[], incoming: readonly T[]): T[] => {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of incoming) {
    const known = byId.get(row.id);
    if (!known || row.version >= known.version) byId.set(row.id, row);
  }
  return [...byId.values()].sort(newestFirst);
};

export const applyPage = <T extends FeedRow>(feed: Feed<T>, profileId: string, page: Page<T>): Feed<T> => ({
  rows: mergeRows(feed.rows, page.items),
  cursors: {
    ...feed.cursors,
    [profileId]: page.nextToken ? { state: 'more', nextToken: page.nextToken } : { state: 'done' },
  },
});

/**
 * A create or update that arrived by subscription. Records of profiles the page does not
 * show are ignored (the server filters by owner; this keeps the page to its profiles).
 */
export const applyLive = <T extends FeedRow>(feed: Feed<T>, row: T): Feed<T> =>
  row.profileId in feed.cursors ? { ...feed, rows: mergeRows(feed.rows, [row]) } : feed;

/** Rows per index query page: small enough that "Load more" shows on a busy channel. */
export const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** `?pageSize=N` in the page's URL (1 to 100) changes it: to see paging with few records. */
export const pageSizeFrom = (search: string): number => {
  const value = Number(new URLSearchParams(search).get('pageSize'));
  return Number.isInteger(value) && value >= 1 ? Math.min(value, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
};

/**
 * A profile's first page read again to catch up (live updates just came on, or came back):
 * its rows are merged, and the cursor moves only if the first page had not come yet, so the
 * rows loaded with "Load more" and where the next page starts are kept.
 */
export const applyRefresh = <T extends FeedRow>(feed: Feed<T>, profileId: string, page: Page<T>): Feed<T> =>
  feed.cursors[profileId]?.state === 'first'
    ? applyPage(feed, profileId, page)
    : { ...feed, rows: mergeRows(feed.rows, page.items) };
