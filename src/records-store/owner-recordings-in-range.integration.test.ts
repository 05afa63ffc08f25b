// The stats' read on the local data API: recordings written by the real records store (which
// derives recordedAt) come back through the owner + recordedAt index, every page, the owner's
// and the range's only, with the fields the stats read.
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { configureAmplifyAsFunction } from '../local/data-api/test-support';
import { AmplifyRecordsStore, type DataClient } from './amplify-records-store';
import { ownerRecordingsInRange } from './owner-recordings-in-range';
import { aRecording } from './records-store.contract';

const RANGE = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' };

let api: LocalDataApi;
let client: DataClient;
let store: AmplifyRecordsStore;
beforeAll(async () => {
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  await configureAmplifyAsFunction(api, 'RecordingStats');
  client = generateClient<Schema>({ authMode: 'iam' });
  store = new AmplifyRecordsStore(client);
});
afterAll(async () => {
  await api?.stop();
});

describe('ownerRecordingsInRange on the local data API', () => {
  it("given an owner's recordings in, on the bounds of and outside the range and another owner's, when read a page of 2 at a time, then every page is followed and only the owner's range comes back", async () => {
    const owner = 'sub-stats::sub-stats';
    const at = (
      startTime: string | null,
      endTime: string | null = null,
      other: Partial<Parameters<typeof aRecording>[0]> = {},
    ) => aRecording({ owner, startTime, endTime, ...other });
    const inside = [
      at('2026-11-01T00:00:00.000Z'),
      at('2026-11-02T10:00:00.000Z', '2026-11-02T11:00:00.000Z', {
        recordingStatus: 'COMPLETED',
        recordingDurationMs: 3_600_000,
        streamIds: ['st-1', 'st-2'],
      }),
      at(null, '2026-11-03T10:00:00.000Z', {
        recordingStatus: 'FAILED',
        recordingStatusReason: 'InternalServerException',
      }),
      at('2026-11-04T10:00:00.000Z', null, { deletedAt: '2026-11-20T00:00:00.000Z' }),
      at('2026-11-05T10:00:00.000Z'),
      // `between` includes `to`: the read returns it, the stats leave it out.
      at('2026-11-08T00:00:00.000Z'),
    ];
    const outside = [at('2026-10-31T23:59:59.999Z'), at('2026-11-08T00:00:00.001Z')];
    const othersInside = aRecording({ owner: 'sub-other::sub-other', startTime: '2026-11-03T00:00:00.000Z' });
    for (const r of [...inside, ...outside, othersInside]) expect(await store.createRecording(r)).toBe('written');

    const read = await ownerRecordingsInRange(client, owner, RANGE, 2);

    expect(read.map((r) => r.id).sort()).toEqual(inside.map((r) => r.id).sort());
    expect(read.find((r) => r.id === inside[1]!.id)).toEqual({
      id: inside[1]!.id,
      recordingStatus: 'COMPLETED',
      recordingStatusReason: null,
      recordingDurationMs: 3_600_000,
      startTime: '2026-11-02T10:00:00.000Z',
      endTime: '2026-11-02T11:00:00.000Z',
      streamIds: ['st-1', 'st-2'],
      deletedAt: null,
    });
    expect(read.find((r) => r.id === inside[2]!.id)).toMatchObject({
      startTime: null,
      recordingStatusReason: 'InternalServerException',
    });
    expect(read.find((r) => r.id === inside[3]!.id)?.deletedAt).toBe('2026-11-20T00:00:00.000Z');
  });

  it('given an owner with no recording, when read, then nothing comes back', async () => {
    expect(await ownerRecordingsInRange(client, 'nobody::nobody', RANGE)).toEqual([]);
  });
});
