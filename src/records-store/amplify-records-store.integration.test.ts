import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { configureAmplifyAsFunction } from '../local/data-api/test-support';
import { AmplifyRecordsStore, type DataClient } from './amplify-records-store';
import { describeRecordsStoreContract } from './records-store.contract';

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
    const { data, errors } = await client.models.Profile.create(profile);
    if (errors?.length || !data) throw new Error(`createProfile failed: ${JSON.stringify(errors)}`);
    return { id: data.id, createdAt: data.createdAt };
  },
}));
