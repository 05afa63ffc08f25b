import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { profileIdFor } from '../recording-engine/channel-arn';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { configureAmplifyAsFunction } from '../local/data-api/test-support';
import { AmplifyRecordsStore, type DataClient } from './amplify-records-store';
import { aRecording, describeRecordsStoreContract } from './records-store.contract';

let api: LocalDataApi;
let client: DataClient;
let store: AmplifyRecordsStore;
beforeAll(async () => {
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  await configureAmplifyAsFunction(api, 'RecordingStatusHandler');
  client = generateClient<Schema>({ authMode: 'iam' });
  store = new AmplifyRecordsStore(client);
});
afterAll(async () => {
  await api?.stop();
});

describeRecordsStoreContract('Amplify (local data API)', () => ({
  store,
  addProfile: async (profile) => {
    const { data, errors } = await client.models.Profile.create({ id: profileIdFor(profile.channelArn), ...profile });
    if (errors?.length || !data) throw new Error(`createProfile failed: ${JSON.stringify(errors)}`);
    return { id: data.id, createdAt: data.createdAt };
  },
}));

// The derived index keys (recording-index-keys.ts) reach the generated indexes: what retention
// and recordingStats query. The in-memory store has no indexes, so this is the Amplify store's.
describe('Amplify store: derived Recording index keys', () => {
  const expiringBefore = async (le: string) => {
    const { data, errors } = await client.models.Recording.recordingsByExpiryQueue(
      { expiryQueue: 'EXPIRING', expiresAt: { le } },
      { selectionSet: ['id'], limit: 1000 },
    );
    if (errors?.length) throw new Error(JSON.stringify(errors));
    return data.map((r) => r.id);
  };

  it('given a recording with an expiry, when created and then tombstoned, then it enters and leaves the expiry index', async () => {
    const recording = aRecording({ recordingStatus: 'COMPLETED', expiresAt: '2026-12-01T00:00:00.000Z' });
    expect(await store.createRecording(recording)).toBe('written');
    expect(await expiringBefore('2026-12-01T00:00:00.000Z')).toContain(recording.id);
    expect(await expiringBefore('2026-11-30T23:59:59.999Z')).not.toContain(recording.id);

    const deleted = { ...recording, deletedAt: '2026-12-01T00:00:01.000Z' };
    expect(await store.updateRecording(deleted, 1)).toBe('written');
    expect(await expiringBefore('2026-12-01T00:00:00.000Z')).not.toContain(recording.id);
  });

  it("given an owner's recordings, when queried by recordedAt, then only those in the range come back", async () => {
    const owner = `owner-${Date.now()}-${Math.random()}`;
    const inRange = aRecording({ owner, startTime: '2026-11-10T10:00:00.000Z' });
    // The End came first: no start time, the end time is its place in time.
    const endOnly = aRecording({ owner, startTime: null, endTime: '2026-11-11T10:00:00.000Z' });
    const before = aRecording({ owner, startTime: '2026-10-01T10:00:00.000Z' });
    for (const r of [inRange, endOnly, before]) expect(await store.createRecording(r)).toBe('written');
    const { data, errors } = await client.models.Recording.recordingsByOwnerAndRecordedAt(
      { owner, recordedAt: { between: ['2026-11-01T00:00:00.000Z', '2026-11-30T00:00:00.000Z'] } },
      { selectionSet: ['id', 'recordedAt'] },
    );
    expect(errors).toBeUndefined();
    expect(data.map((r) => r.id).sort()).toEqual([inRange.id, endOnly.id].sort());
  });
});
