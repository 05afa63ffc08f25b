// What the handler logs and counts for each outcome, with the real store on the local
// data API; and the CloudWatch EMF document Powertools writes for those metrics.
import { randomUUID } from 'node:crypto';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { profileIdFor } from '../recording-engine/channel-arn';
import { recordingFixtures, streamFixtures, withDetail, withEnvelope } from '../recording-engine/fixtures/ivs-events';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { configureAmplifyAsFunction } from '../local/data-api/test-support';
import { AmplifyRecordsStore } from '../records-store/amplify-records-store';
import type { EventLogger, EventMetrics } from './observability';
import { HANDLER_SERVICE, METRICS_NAMESPACE } from './metric-names';
import { powertoolsEventMetrics } from './powertools-observability';
import { createRecordingStatusHandler } from './recording-status-handler';

type LogLine = { level: string; message: string; fields: Record<string, unknown> };

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

const recorder = () => {
  const lines: LogLine[] = [];
  const metrics: Array<[string, string, number]> = [];
  const logger: EventLogger = {
    info: (message, fields = {}) => lines.push({ level: 'INFO', message, fields }),
    warn: (message, fields = {}) => lines.push({ level: 'WARN', message, fields }),
    error: (message, fields = {}) => lines.push({ level: 'ERROR', message, fields }),
  };
  const sink: EventMetrics = { addMetric: (name, unit, value) => metrics.push([name, unit, value]) };
  const handler = createRecordingStatusHandler({ store: new AmplifyRecordsStore(client), logger, metrics: sink });
  const counted = () => metrics.filter(([, unit]) => unit === 'Count').map(([name]) => name);
  return { lines, metrics, handler, counted };
};

const channel = () => `arn:aws:ivs:us-west-2:123456789012:channel/${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const streamId = () => `st-${randomUUID().replace(/-/g, '').slice(0, 23)}`;
const on = (fixture: object, channelArn: string, detail: Record<string, unknown>) =>
  withEnvelope(withDetail(fixture, detail), { id: randomUUID(), resources: [channelArn] });

describe('given the handler with recording logs and metrics', () => {
  it('when an event is written then it counts received and processed, times it, and logs the change with the event keys', async () => {
    const channelArn = channel();
    await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn });
    const { handler, lines, metrics, counted } = recorder();
    const stream = streamId();
    await handler(on(streamFixtures.streamStart, channelArn, { stream_id: stream }));
    const start = on(recordingFixtures.start, channelArn, {
      stream_id: stream,
      recording_session_stream_ids: [stream],
    });
    await handler(start);
    expect(counted()).toEqual(['EventsReceived', 'EventsProcessed', 'EventsReceived', 'EventsProcessed']);
    expect(metrics.filter(([name]) => name === 'ProcessingDuration')).toHaveLength(2);
    const created = lines.find((l) => l.message === 'Recording created');
    expect(created?.fields).toMatchObject({
      eventId: start.id,
      detailType: 'IVS Recording State Change',
      channelArn,
      streamId: stream,
      recordingSessionId: 'a6RfV23ES97iyfoQ',
      after: 'STARTED',
    });
  });

  it('when the same event comes twice then the second counts as a skipped duplicate', async () => {
    const channelArn = channel();
    await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn });
    const { handler, counted } = recorder();
    const event = on(streamFixtures.streamStart, channelArn, { stream_id: streamId() });
    await handler(event);
    await handler(event);
    expect(counted()).toEqual(['EventsReceived', 'EventsProcessed', 'EventsReceived', 'EventsSkippedDuplicate']);
  });

  it('when the channel has no profile then it counts a parked event (a redelivery as a duplicate) and logs the channel name and ARN', async () => {
    const channelArn = channel();
    const { handler, counted, lines } = recorder();
    const event = on(streamFixtures.streamStart, channelArn, { stream_id: streamId() });
    await handler(event);
    await handler(event);
    expect(counted()).toEqual(['EventsReceived', 'EventsParked', 'EventsReceived', 'EventsSkippedDuplicate']);
    expect(lines.find((l) => l.level === 'WARN')?.fields).toMatchObject({
      channelArn,
      channelName: 'Your Channel',
      parkedEventId: event.id,
    });
  });

  it('when the event is malformed then it counts a rejection and logs what was wrong', async () => {
    const { handler, counted, lines } = recorder();
    await handler(withDetail(recordingFixtures.start, { recording_duration_ms: 'abc' }));
    expect(counted()).toEqual(['EventsReceived', 'EventsRejected']);
    expect(lines.find((l) => l.level === 'ERROR')?.fields).toMatchObject({
      eventId: recordingFixtures.start.id,
      field: 'detail.recording_duration_ms',
    });
  });

  it('when the stream already belongs to another channel then it counts a rejection, logs the reason and returns (no retry)', async () => {
    const [first, second] = [channel(), channel()];
    await client.models.Profile.create({ id: profileIdFor(first), channelArn: first });
    await client.models.Profile.create({ id: profileIdFor(second), channelArn: second });
    const { handler, counted, lines } = recorder();
    const stream = streamId();
    await handler(on(streamFixtures.streamStart, first, { stream_id: stream }));
    const start = on(recordingFixtures.start, second, { stream_id: stream, recording_session_stream_ids: [stream] });
    expect(await handler(start)).toEqual({ outcome: 'rejected', reason: 'stream_of_another_channel' });
    expect(counted()).toEqual(['EventsReceived', 'EventsProcessed', 'EventsReceived', 'EventsRejected']);
    expect(
      lines.find((l) => l.message.startsWith('Rejected an event the stored records refuse'))?.fields,
    ).toMatchObject({ reason: 'stream_of_another_channel' });
  });

  it('when a Session Created arrives then it counts as ignored and costs no data request', async () => {
    const { handler, counted } = recorder();
    api.resetStats();
    await handler(on(streamFixtures.sessionCreated, channel(), { stream_id: streamId() }));
    expect(counted()).toEqual(['EventsReceived', 'EventsIgnored']);
    expect(api.stats().dynamoRequests).toEqual({});
  });
});

describe('given the Powertools metrics sink', () => {
  it('when metrics are published then one EMF document carries them in the IVSRecordings namespace with the service dimension', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
    try {
      const sink = powertoolsEventMetrics(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: HANDLER_SERVICE }));
      sink.addMetric('EventsReceived', 'Count', 1);
      sink.addMetric('ProcessingDuration', 'Milliseconds', 12.5);
      sink.publish();
    } finally {
      spy.mockRestore();
    }
    const emf = written.map((w) => JSON.parse(w) as Record<string, unknown>).find((doc) => '_aws' in doc);
    expect(emf).toMatchObject({
      service: HANDLER_SERVICE,
      EventsReceived: 1,
      ProcessingDuration: 12.5,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'IVSRecordings',
            Dimensions: [['service']],
            Metrics: expect.arrayContaining([
              { Name: 'EventsReceived', Unit: 'Count' },
              { Name: 'ProcessingDuration', Unit: 'Milliseconds' },
            ]),
          },
        ],
      },
    });
  });
});
