/**
 * Recordings for measuring `recordingStats` against the table size: one measured owner with a
 * fixed set of recordings, and as many other owners' recordings as the size asks, over the same
 * days (only the owner tells them apart). Shaped as the records store writes them (the model's
 * fields, the store's `recordedAt`, `version`, `__typename`, Amplify's timestamps) so the index
 * and the resolvers read them as their own. Pure: row i is the same on every run.
 */
import { recordingIdFor } from '../recording-engine/recording-state';
import { recordedAtOf, type StatsRecording } from '../recording-stats/recording-stats';
import { ownerValueFor } from '../user-directory/owner-value';
import { SEED_ACCOUNT, SEED_REGION } from './seed-rows';

const DAY_MS = 86_400_000;
/** The seeded recordings lie in the 60 days from here. */
export const STATS_SEED_START = Date.parse('2026-01-01T00:00:00.000Z');
export const STATS_SEED_DAYS = 60;
/** The measured owner's recordings (rows 0 to this - 1): the same at every table size. */
export const MEASURED_OWNER_RECORDINGS = 300;
/** Owners of the other rows: a user pool of this many. */
export const OTHER_OWNERS = 999;

/** A user of a pool that signs in with e-mail: the username is the sub. */
export const statsSeedUser = (owner: number) => {
  const sub = `stats-owner-${String(owner).padStart(4, '0')}`;
  return { sub, username: sub };
};
export const MEASURED_USER = statsSeedUser(0);

/** The 30 days the bench asks about: the second half of the seeded span. */
export const STATS_QUERY_RANGE = {
  from: new Date(STATS_SEED_START + 30 * DAY_MS).toISOString(),
  to: new Date(STATS_SEED_START + STATS_SEED_DAYS * DAY_MS).toISOString(),
};

const iso = (ms: number) => new Date(ms).toISOString();
const REASONS = ['Recording failed to start', 'InternalServerException', null] as const;

export type StatsSeedRow = { owner: number; row: Record<string, unknown>; stats: StatsRecording };

/** Row i: the measured owner's (i below MEASURED_OWNER_RECORDINGS, evenly over the span) or another owner's. */
export const statsSeedRow = (i: number): StatsSeedRow => {
  const measured = i < MEASURED_OWNER_RECORDINGS;
  const owner = measured ? 0 : 1 + (i % OTHER_OWNERS);
  const span = STATS_SEED_DAYS * DAY_MS;
  // Spread over the span: evenly for the measured owner, scattered (a prime stride) for the others.
  const at =
    STATS_SEED_START + (measured ? Math.floor((i * span) / MEASURED_OWNER_RECORDINGS) : (i * 7_919_993) % span);
  const status = i % 50 === 7 ? 'STARTED' : i % 10 === 3 ? 'FAILED' : 'COMPLETED';
  const durationMs = status === 'COMPLETED' ? 60_000 * (5 + (i % 120)) : null;
  const endMs = status === 'STARTED' ? null : at + (durationMs ?? 30_000) + 4_000;
  const streams = 1 + (i % 3);
  const channelArn = `arn:aws:ivs:${SEED_REGION}:${SEED_ACCOUNT}:channel/stats${String(owner).padStart(7, '0')}`;
  const recordingSessionId = `statsrec${String(i).padStart(9, '0')}`;
  const streamIds = Array.from({ length: streams }, (_, k) => `st-stats${String(i).padStart(9, '0')}x${k}`);
  const deletedAt = i % 40 === 11 ? iso(at + 10 * DAY_MS) : null;
  const stats: StatsRecording = {
    id: recordingIdFor(channelArn, recordingSessionId),
    recordingStatus: status,
    recordingStatusReason: status === 'FAILED' ? (REASONS[i % REASONS.length] ?? null) : null,
    recordingDurationMs: durationMs,
    startTime: iso(at),
    endTime: endMs === null ? null : iso(endMs),
    streamIds,
    deletedAt,
  };
  const written = iso(endMs ?? at);
  return {
    owner,
    stats,
    row: {
      __typename: 'Recording',
      ...stats,
      owner: ownerValueFor(statsSeedUser(owner)),
      profileId: `stats-profile-${owner}`,
      channelArn,
      recordingSessionId,
      streamSessionId: streamIds[0],
      recordedAt: recordedAtOf(stats),
      version: 2,
      createdAt: written,
      updatedAt: written,
    },
  };
};
