/**
 * The `recordingStats` query: the AppSync event parsed into a caller and a range, then the
 * caller's recordings in that range read (injected: the records store's index query) and folded.
 */
import { ownerForms } from '../user-directory/owner-value';
import { userPoolCaller, type UserPoolCaller } from '../user-directory/user-pool-caller';
import { recordingStats, type RecordingStats, type StatsRecording } from './recording-stats';
import { parseStatsRange, type StatsRange } from './stats-range';

/** Only a signed-in user has recordings to count: never retried. */
export class StatsUnauthorizedError extends Error {
  override readonly name = 'Unauthorized';
  constructor() {
    super('Unauthorized: recording stats are for signed-in users');
  }
}

export type StatsRequest = { caller: UserPoolCaller; range: StatsRange };

/** The caller first (anyone else learns nothing about the range rules), then the range; a bad one is a StatsRangeError. */
export const parseStatsEvent = (event: { arguments?: unknown; identity?: unknown }): StatsRequest => {
  const caller = userPoolCaller(event.identity);
  if (caller === null) throw new StatsUnauthorizedError();
  const args = (event.arguments ?? {}) as Record<string, unknown>;
  return { caller, range: parseStatsRange({ from: args.from, to: args.to }) };
};

export type StatsDeps = {
  /** The recordings whose owner field holds exactly `owner` with `from <= recordedAt <= to`, every page. */
  recordingsOf: (owner: string, range: StatsRange) => Promise<StatsRecording[]>;
};

/**
 * The owner field may hold any of the caller's forms (the owner rule accepts each), so each
 * form's partition is queried: a stored value is in one partition only, never counted twice.
 */
export const statsFor = async ({ caller, range }: StatsRequest, deps: StatsDeps): Promise<RecordingStats> => {
  const recordings: StatsRecording[] = [];
  for (const owner of ownerForms(caller)) recordings.push(...(await deps.recordingsOf(owner, range)));
  return recordingStats(range, recordings);
};
