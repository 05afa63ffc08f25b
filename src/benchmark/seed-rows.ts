/**
 * Rows for seeding a table directly, shaped as the generated resolvers write them
 * (`__typename`, `createdAt`, `updatedAt`, `owner`, the model fields, `version`), so
 * the GraphQL API reads them back like its own. Pure: row i is the same on every run.
 */
import { recordingIdFor } from '../recording-engine/recording-state';

/** A separate account, so seeded rows never share a channel with a simulated fleet. */
export const SEED_ACCOUNT = '000000000000';
export const SEED_REGION = 'us-east-1';
export const SEED_OWNER = 'seed-owner-sub::seed-owner';

export const seedChannelArn = (channel: number) =>
  `arn:aws:ivs:${SEED_REGION}:${SEED_ACCOUNT}:channel/seed${String(channel).padStart(8, '0')}`;
export const seedProfileId = (channel: number) => `seed-profile-${channel}`;
export const seedRecordingSessionId = (i: number) => `seedrec${String(i).padStart(9, '0')}`;
export const seedStreamId = (i: number) => `st-seed${String(i).padStart(19, '0')}`;

const TIME0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

export const seedProfileRow = (channel: number): Record<string, unknown> => ({
  __typename: 'Profile',
  id: seedProfileId(channel),
  owner: SEED_OWNER,
  channelArn: seedChannelArn(channel),
  channelName: `Seed channel ${channel}`,
  createdAt: iso(TIME0),
  updatedAt: iso(TIME0),
});

/** Recording i and its stream session (one stream each), on channel i mod `channels`. */
export const seedRecordingRows = (
  i: number,
  channels: number,
): { recording: Record<string, unknown>; session: Record<string, unknown> } => {
  const channel = i % channels;
  const channelArn = seedChannelArn(channel);
  const streamId = seedStreamId(i);
  const start = TIME0 + i * 60_000;
  const end = start + 1_800_000;
  const common = {
    owner: SEED_OWNER,
    profileId: seedProfileId(channel),
    channelArn,
    createdAt: iso(end),
    updatedAt: iso(end + 10_000),
  };
  return {
    session: {
      __typename: 'StreamSession',
      id: streamId,
      ...common,
      streamId,
      status: 'ENDED',
      startTime: iso(start),
      endTime: iso(end),
      duration: end - start,
      version: 2,
    },
    recording: {
      __typename: 'Recording',
      id: recordingIdFor(channelArn, seedRecordingSessionId(i)),
      ...common,
      streamSessionId: streamId,
      recordingSessionId: seedRecordingSessionId(i),
      recordingStatus: 'COMPLETED',
      s3BucketName: 'seed-recordings',
      s3KeyPrefix: `ivs/v1/${SEED_ACCOUNT}/seed/${i}`,
      recordingDurationMs: end - start,
      streamIds: [streamId],
      startTime: iso(start + 2_000),
      endTime: iso(end + 10_000),
      version: 2,
    },
  };
};
