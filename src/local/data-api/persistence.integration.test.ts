// Data kept in a dataDir across restarts (or not, in memory). What a start costs: bench/data-api-startup.ts.
import { generateClient } from 'aws-amplify/data';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi, type StartLocalDataApiOptions } from './index';
import { configureAmplifyAsFunction } from './test-support';

let dataDir: string;
const running: LocalDataApi[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-data-api-'));
});

afterAll(async () => {
  await Promise.all(running.map((api) => api.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts an API and points the (IAM) data client at it, as the handler would be. */
const start = async (options: Partial<StartLocalDataApiOptions> = {}) => {
  const api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0, ...options });
  running.push(api);
  const restoreEnv = await configureAmplifyAsFunction(api, 'RecordingStatusHandler');
  restoreEnv();
  return { api, client: generateClient<Schema>() };
};

const stop = async (api: LocalDataApi) => {
  await api.stop();
  running.splice(running.indexOf(api), 1);
};

describe('local data API persistence', () => {
  it('given a profile written with a dataDir, when the API restarts on the same dir, then it is still there', async () => {
    const first = await start({ dataDir });
    const { data: created } = await first.client.models.Profile.create({ channelArn: 'arn:persisted' });
    await stop(first.api);

    const second = await start({ dataDir });
    const { data: found } = await second.client.models.Profile.get({ id: created!.id });
    const { data: byIndex } = await second.client.models.Profile.profilesByChannelArn({
      channelArn: 'arn:persisted',
    });
    await stop(second.api);

    expect(found).toMatchObject({ id: created!.id, channelArn: 'arn:persisted' });
    expect(byIndex.map((p) => p.id)).toEqual([created!.id]);
  });

  it('given a profile written in memory, when the API restarts, then it is gone', async () => {
    const first = await start();
    const { data: created } = await first.client.models.Profile.create({ channelArn: 'arn:volatile' });
    expect(created?.id).toBeTruthy();
    await stop(first.api);

    const second = await start();
    const { data: found } = await second.client.models.Profile.get({ id: created!.id });
    await stop(second.api);

    expect(found).toBeNull();
  });

  it('given a stopped API, when stop is called again, then it resolves without error', async () => {
    const { api } = await start();
    await stop(api);

    await expect(api.stop()).resolves.toBeUndefined();
  });
});
