// The simulator's recording files: laid out as IVS writes them, and indexed by the real
// handler function (in-memory store) without changing what the events decide.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecordingStatusHandler } from '../event-processing/recording-status-handler';
import { objectCreatedEvent } from '../eventbridge/s3-object-created';
import { RECORDING_COMPARED } from '../benchmark/request-costs';
import { profileIdFor } from '../recording-engine/channel-arn';
import { parseRecordingEndFile } from '../recording-media/end-file';
import { mediaFixtureFiles } from '../recording-media/media-fixtures';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import { simulateBroadcasts, type Simulation } from './broadcast';
import { envelopeOf } from './envelope';
import { recordingMediaObjects, type FixtureFile } from './recording-media';

let fixtures: FixtureFile[];
let simulation: Simulation;

beforeAll(async () => {
  fixtures = await mediaFixtureFiles();
  simulation = simulateBroadcasts({
    seed: 7,
    channels: 2,
    broadcastsPerChannel: 6,
    startTime: Date.parse('2026-11-23T20:00:00Z'),
    outcomeWeights: { success: 1, start_failure: 1, end_failure: 1 },
  });
});

describe('given simulated broadcasts of every outcome', () => {
  it('when their recording files are made then each recorded one has its events, media and one end file last', () => {
    const outcomes = new Set<string>();
    for (const broadcast of simulation.broadcasts) {
      outcomes.add(broadcast.outcome);
      const objects = recordingMediaObjects(broadcast, fixtures);
      if (broadcast.outcome === 'start_failure') {
        expect(objects).toEqual([]);
        continue;
      }
      const keys = objects.map((o) => o.key.slice(broadcast.s3KeyPrefix.length + 1));
      expect(keys[0]).toBe('events/recording-started.json');
      expect(keys.at(-1)).toBe(
        broadcast.outcome === 'success' ? 'events/recording-ended.json' : 'events/recording-failed.json',
      );
      expect(keys).toEqual(
        expect.arrayContaining([
          'media/hls/master.m3u8',
          'media/hls/160p30/playlist.m3u8',
          'media/hls/360p30/1.ts',
          'media/thumbnails/thumb0.jpg',
          'media/latest_thumbnail/thumb.jpg',
        ]),
      );
      expect(keys.filter((k) => k.startsWith('events/'))).toHaveLength(2);
      const endFile = parseRecordingEndFile(String(objects.at(-1)!.body), broadcast.s3KeyPrefix);
      expect(endFile.ok && endFile.file.metadata).toMatchObject({
        channelArn: broadcast.channelArn,
        endedAt: broadcast.expected.recording.endTime,
        startedAt: broadcast.expected.recording.startTime,
      });
    }
    expect([...outcomes].sort()).toEqual(['end_failure', 'start_failure', 'success']);
  });

  it('when the events and then the files reach the real handler then every recording is indexed and the event-made fields are as expected', async () => {
    const store = new InMemoryRecordsStore();
    for (const channel of simulation.channels) {
      store.addProfile({
        id: profileIdFor(channel.arn),
        owner: 'sub::owner',
        channelArn: channel.arn,
        channelName: channel.name,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
    }
    const objects = new Map<string, string>();
    const handle = createRecordingStatusHandler({
      store,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      metrics: { addMetric: () => {} },
      readObject: async (bucket, key) => objects.get(`${bucket}/${key}`) ?? 'forbidden',
    });
    for (const event of simulation.events) await handle(envelopeOf(event));
    for (const broadcast of simulation.broadcasts) {
      for (const object of recordingMediaObjects(broadcast, fixtures)) {
        objects.set(`${object.bucket}/${object.key}`, String(object.body));
        await handle(
          objectCreatedEvent({
            id: `${object.key}`,
            time: '2026-11-30T00:00:00Z',
            account: '123456789012',
            region: 'us-east-1',
            detail: {
              version: '0',
              bucket: { name: object.bucket },
              object: { key: object.key, size: 1, etag: 'e', sequencer: '1' },
              'request-id': 'r',
              requester: '123456789012',
              reason: 'PutObject',
            },
          }),
        );
      }
    }
    for (const broadcast of simulation.broadcasts) {
      const stored = store.recordings.get(broadcast.recordingKey)?.state;
      expect(stored, broadcast.recordingKey).toBeDefined();
      const expected = broadcast.expected.recording;
      for (const field of RECORDING_COMPARED)
        expect(stored?.[field], `${broadcast.recordingKey} ${field}`).toEqual(expected[field]);
      if (broadcast.outcome === 'start_failure') expect(stored?.mediaIndexedAt).toBeNull();
      else expect(stored?.masterPlaylistKey).toBe(`${broadcast.s3KeyPrefix}/media/hls/master.m3u8`);
    }
  });
});
