/**
 * Section 3: the documented frontend queries (list + filter: a Scan, page by page)
 * against their index-backed twins, for one seeded recording in a large table.
 * Each query follows nextToken until every match is returned, as a frontend must.
 */
import { performance } from 'node:perf_hooks';
import type { DataClient } from '../records-store/amplify-records-store';
import type { BenchStack } from './bench-stack';
import { seedRecordingRows } from './seed-rows';
import { SEED_CHANNELS } from './seeding';
import { allPages as pagesOf, type Page } from '../records-store/paging';

export type QueryMeasure = {
  query: string;
  /** Data API requests (pages) to return every match. */
  requests: number;
  itemsRead: number;
  matches: number;
  /** Whether the first page alone held the match (what a frontend reading one page sees). */
  firstPageHadMatch: boolean;
  latencyMs: number;
};

/** Every page through the one paging helper, counting matches and whether the first page had one. */
const allPages = async (page: (nextToken: string | null) => Promise<Page<unknown>>) => {
  let firstPageHadMatch: boolean | null = null;
  const items = await pagesOf('frontend query', async (nextToken) => {
    const result = await page(nextToken);
    firstPageHadMatch ??= result.data.length > 0;
    return result;
  });
  return { matches: items.length, firstPageHadMatch: firstPageHadMatch ?? false };
};

const measure = async (
  stack: BenchStack,
  query: string,
  run: () => Promise<{ matches: number; firstPageHadMatch: boolean }>,
): Promise<QueryMeasure> => {
  const requestsBefore = stack.proxy.stats().requests;
  const itemsBefore = stack.data().api.stats().itemsRead;
  const started = performance.now();
  const { matches, firstPageHadMatch } = await run();
  return {
    query,
    latencyMs: performance.now() - started,
    requests: stack.proxy.stats().requests - requestsBefore,
    itemsRead: stack.data().api.stats().itemsRead - itemsBefore,
    matches,
    firstPageHadMatch,
  };
};

/** The documented queries, their index-backed twins and the lazy loader, for seeded recording `index` (its own stream session holds exactly it). */
export const measureFrontendQueries = async (
  stack: BenchStack,
  client: DataClient,
  index: number,
): Promise<QueryMeasure[]> => {
  const { recording, session } = seedRecordingRows(index, SEED_CHANNELS);
  const recordingSessionId = String(recording.recordingSessionId);
  const streamSessionId = String(session.id);
  return [
    await measure(stack, 'Recording.list({ filter: { recordingSessionId: { eq } } })', () =>
      allPages((nextToken) =>
        client.models.Recording.list({ filter: { recordingSessionId: { eq: recordingSessionId } }, nextToken }),
      ),
    ),
    await measure(stack, 'Recording.recordingsByRecordingSessionId({ recordingSessionId })', () =>
      allPages((nextToken) =>
        client.models.Recording.recordingsByRecordingSessionId({ recordingSessionId }, { nextToken }),
      ),
    ),
    await measure(stack, 'Recording.list({ filter: { streamSessionId: { eq } } })', () =>
      allPages((nextToken) =>
        client.models.Recording.list({ filter: { streamSessionId: { eq: streamSessionId } }, nextToken }),
      ),
    ),
    await measure(stack, 'Recording.recordingsByStreamSessionId({ streamSessionId })', () =>
      allPages((nextToken) => client.models.Recording.recordingsByStreamSessionId({ streamSessionId }, { nextToken })),
    ),
    await measure(stack, 'StreamSession.get({ id }) + session.recordings() (lazy loader)', async () => {
      const { data: found, errors } = await client.models.StreamSession.get({ id: streamSessionId });
      if (errors?.length || !found) throw new Error(`StreamSession ${streamSessionId} not found`);
      return allPages((nextToken) => found.recordings({ nextToken }));
    }),
  ];
};
