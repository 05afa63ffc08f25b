import { randomUUID } from 'node:crypto';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { configureAmplifyAsFunction } from '../local/data-api/test-support';
import { profileIdFor } from '../recording-engine/channel-arn';
import { ProfileInputError, ProfileOwnerError, ensureProfile } from './profile-directory';

let api: LocalDataApi;
let client: ReturnType<typeof generateClient<Schema>>;
beforeAll(async () => {
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  await configureAmplifyAsFunction(api, 'RecordingStatusHandler');
  client = generateClient<Schema>({ authMode: 'iam' });
});
afterAll(async () => {
  await api?.stop();
});

const channelArn = () => `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describe('given the profile directory on the local data API', () => {
  it('when a channel gets a profile twice then there is one profile and the second run finds it', async () => {
    const arn = channelArn();
    const first = await ensureProfile(client, { channelArn: arn, channelName: 'Mine', owner: 'alice' });
    const second = await ensureProfile(client, { channelArn: arn });
    expect(first).toMatchObject({ id: profileIdFor(arn), channelArn: arn, owner: 'alice', created: true });
    expect(second).toEqual({ ...first, created: false });
    const all = await client.models.Profile.profilesByChannelArn({ channelArn: arn });
    expect(all.data.map((p) => p.id)).toEqual([first.id]);
  });

  it('when a profile is created with no owner then it is created ownerless (no null key for the owner index)', async () => {
    const arn = channelArn();
    expect(await ensureProfile(client, { channelArn: arn })).toMatchObject({ owner: null, created: true });
    expect((await client.models.Profile.get({ id: profileIdFor(arn) })).data).toMatchObject({ owner: null });
  });

  it('when five runs create the profile of one channel at once then there is one profile, one run created it and four found it', async () => {
    const arn = channelArn();
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => ensureProfile(client, { channelArn: arn, owner: 'alice' })),
    );
    expect(runs.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(runs.map((r) => r.id))).toEqual(new Set([profileIdFor(arn)]));
    const all = await client.models.Profile.profilesByChannelArn({ channelArn: arn });
    expect(all.data).toHaveLength(1);
  });

  it('when the profile exists with another owner then the error names the current owner and nothing changes', async () => {
    const arn = channelArn();
    await ensureProfile(client, { channelArn: arn, owner: 'alice' });
    await expect(ensureProfile(client, { channelArn: arn, owner: 'bob' })).rejects.toThrow(
      new ProfileOwnerError(arn, 'alice', 'bob'),
    );
    await expect(ensureProfile(client, { channelArn: arn, owner: 'bob' })).rejects.toThrow('owned by alice');
    expect((await client.models.Profile.get({ id: profileIdFor(arn) })).data?.owner).toBe('alice');
  });

  it('when a profile is made with a retention period then it keeps it; asked again with another, it is replaced; with none, kept', async () => {
    const arn = channelArn();
    const created = await ensureProfile(client, { channelArn: arn, retentionDays: 30 });
    const changed = await ensureProfile(client, { channelArn: arn, retentionDays: 7 });
    const unchanged = await ensureProfile(client, { channelArn: arn });

    expect(created).toMatchObject({ retentionDays: 30, created: true });
    expect(changed).toMatchObject({ retentionDays: 7, created: false });
    expect(unchanged).toMatchObject({ retentionDays: 7, created: false });
    expect((await client.models.Profile.get({ id: profileIdFor(arn) })).data?.retentionDays).toBe(7);
  });

  it('when the channel ARN is not an IVS channel ARN then nothing is created and the error says why', async () => {
    api.resetStats();
    await expect(ensureProfile(client, { channelArn: 'arn:aws:ivs:us-east-1:123456789012:stage/abc' })).rejects.toThrow(
      ProfileInputError,
    );
    expect(api.stats().dynamoRequests).toEqual({});
  });
});
