import { describe, expect, it } from 'vitest';
import { marshallItem, modelTables, unmarshallItem } from './dynamo-direct';
import { seedProfileRow, seedRecordingRows } from './seed-rows';

describe('given rows to seed', () => {
  it('when a recording row is made then it carries what the resolvers write and links to its session and profile', () => {
    const { recording, session } = seedRecordingRows(1234, 50);
    expect(recording).toMatchObject({
      __typename: 'Recording',
      streamSessionId: session.id,
      profileId: seedProfileRow(1234 % 50).id,
      owner: expect.stringContaining('::'),
      version: 2,
    });
    for (const field of ['createdAt', 'updatedAt', 'startTime', 'endTime'])
      expect(String(recording[field])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(seedRecordingRows(1234, 50)).toEqual({ recording, session });
    expect(seedRecordingRows(1235, 50).recording.id).not.toBe(recording.id);
  });

  it('when a row is marshalled and read back then it is the same, with nulls left out of the item', () => {
    const { recording } = seedRecordingRows(7, 3);
    const item = marshallItem({ ...recording, recordingStatusReason: null });
    expect(item.recordingStatusReason).toBeUndefined();
    expect(item.streamIds).toEqual({ L: [{ S: recording.streamSessionId }] });
    expect(item.version).toEqual({ N: '2' });
    expect(unmarshallItem(item)).toEqual(recording);
  });
});

describe('given the table names of a local data API', () => {
  it('when the model tables are picked then each model gets its table, or null if one is missing', () => {
    expect(modelTables(['Recording-local-NONE', 'Profile-local-NONE', 'StreamSession-local-NONE'])).toEqual({
      Profile: 'Profile-local-NONE',
      Recording: 'Recording-local-NONE',
      StreamSession: 'StreamSession-local-NONE',
    });
    expect(modelTables(['Profile-local-NONE'])).toBeNull();
  });
});
