import { describe, expect, it } from 'vitest';
import {
  applyLive,
  applyPage,
  applyRefresh,
  emptyFeed,
  hasMore,
  loadingFirstPages,
  mergeRows,
  pageSizeFrom,
  pendingPages,
  withProfiles,
  type FeedRow,
} from './record-feed';

const row = (id: string, startTime: string | null, version = 1, profileId = 'p1'): FeedRow => ({
  id,
  profileId,
  version,
  startTime,
});

describe('given a feed for two profiles', () => {
  const feed = withProfiles(emptyFeed<FeedRow>(), ['p1', 'p2']);

  it('when nothing is loaded then each profile asks for its first page and the page waits', () => {
    expect(pendingPages(feed)).toEqual([
      { profileId: 'p1', nextToken: null },
      { profileId: 'p2', nextToken: null },
    ]);
    expect(loadingFirstPages(feed)).toBe(true);
    expect(hasMore(feed)).toBe(true);
  });

  it('when pages come back then later pages are asked with their nextToken and finished profiles stop', () => {
    const loaded = applyPage(
      applyPage(feed, 'p1', { items: [row('a', '2026-11-23T20:00:00Z')], nextToken: 'tok-1' }),
      'p2',
      {
        items: [],
        nextToken: null,
      },
    );
    expect(pendingPages(loaded)).toEqual([{ profileId: 'p1', nextToken: 'tok-1' }]);
    expect(loadingFirstPages(loaded)).toBe(false);
    const done = applyPage(loaded, 'p1', { items: [row('b', '2026-11-22T20:00:00Z')] });
    expect(hasMore(done)).toBe(false);
    expect(done.rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('when a later page holds a newer record then it sorts above the rows already shown', () => {
    const first = applyPage(feed, 'p1', { items: [row('old', '2026-11-01T00:00:00Z')], nextToken: 't' });
    const second = applyPage(first, 'p1', { items: [row('new', '2026-11-30T00:00:00Z')] });
    expect(second.rows.map((r) => r.id)).toEqual(['new', 'old']);
  });

  it('when known profiles are given again then their cursors are kept', () => {
    const loaded = applyPage(feed, 'p1', { items: [], nextToken: null });
    expect(withProfiles(loaded, ['p1', 'p3']).cursors).toEqual({
      p1: { state: 'done' },
      p2: { state: 'first' },
      p3: { state: 'first' },
    });
  });
});

describe('given live changes', () => {
  const feed = applyPage(withProfiles(emptyFeed<FeedRow>(), ['p1']), 'p1', {
    items: [row('rec', '2026-11-23T20:00:00Z', 2)],
  });

  it('when a newer version arrives then it replaces the row', () => {
    expect(applyLive(feed, { ...row('rec', '2026-11-23T20:00:00Z', 3), endTime: 'x' }).rows).toEqual([
      { ...row('rec', '2026-11-23T20:00:00Z', 3), endTime: 'x' },
    ]);
  });

  it('when an older version arrives after a newer one then the row keeps the newer', () => {
    expect(applyLive(feed, { ...row('rec', null, 1) }).rows).toEqual(feed.rows);
  });

  it('when a record of another profile arrives then the page ignores it', () => {
    expect(applyLive(feed, row('other', '2026-11-30T00:00:00Z', 1, 'p9'))).toBe(feed);
  });

  it('when a new record arrives then it is added in start order', () => {
    const live = applyLive(feed, row('newer', '2026-11-24T00:00:00Z'));
    expect(live.rows.map((r) => r.id)).toEqual(['newer', 'rec']);
  });
});

describe('given records without a start time', () => {
  it('when sorted then the end time, then the creation time, stands in, and ties go by id', () => {
    const rows = mergeRows<FeedRow>(
      [],
      [
        { id: 'c', profileId: 'p', version: 1, startTime: null, endTime: null, createdAt: '2026-11-20T00:00:00Z' },
        { id: 'b', profileId: 'p', version: 1, startTime: null, endTime: '2026-11-25T00:00:00Z' },
        { id: 'a', profileId: 'p', version: 1, startTime: '2026-11-25T00:00:00Z' },
        { id: 'd', profileId: 'p', version: 1, startTime: '2026-11-21T00:00:00Z' },
      ],
    );
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});

describe('given the page URL', () => {
  it.each([
    ['', 20],
    ['?pageSize=1', 1],
    ['?pageSize=500', 100],
    ['?pageSize=0', 20],
    ['?pageSize=2.5', 20],
    ['?pageSize=abc', 20],
  ])('when it is "%s" then index queries ask for %d rows a page', (search, size) => {
    expect(pageSizeFrom(search)).toBe(size);
  });
});

describe('given a feed read again from its first page (live updates just came on)', () => {
  it('when the profile had more pages loaded then rows merge and the cursor stays where "Load more" left it', () => {
    const paged = applyPage(withProfiles(emptyFeed<FeedRow>(), ['p1']), 'p1', {
      items: [row('a', '2026-11-20T00:00:00Z')],
      nextToken: 'page-2',
    });
    const refreshed = applyRefresh(paged, 'p1', { items: [row('new', '2026-11-30T00:00:00Z')], nextToken: 'other' });
    expect(refreshed.rows.map((r) => r.id)).toEqual(['new', 'a']);
    expect(refreshed.cursors.p1).toEqual({ state: 'more', nextToken: 'page-2' });
  });

  it('when the first page had not come yet then the refresh counts as the first page', () => {
    const refreshed = applyRefresh(withProfiles(emptyFeed<FeedRow>(), ['p1']), 'p1', {
      items: [],
      nextToken: 'page-2',
    });
    expect(refreshed.cursors.p1).toEqual({ state: 'more', nextToken: 'page-2' });
  });
});
