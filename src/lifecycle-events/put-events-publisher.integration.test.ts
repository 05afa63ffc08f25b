import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../eventbridge/envelope';
import { startPutEventsServer, type PutEventsServer } from '../local/event-bus';
import { RetryableError } from '../recording-engine/errors';
import failedJson from './fixtures/failed-recording.json';
import indexedJson from './fixtures/indexed-recording.json';
import { owedLifecycleEntries } from './lifecycle-events';
import type { RecordingState } from '../recording-engine/records';
import { EVENTBRIDGE_ENDPOINT_ENV, LIFECYCLE_EVENT_BUS_ENV, publisherSettings } from './lifecycle-settings';
import { putEventsPublisher } from './put-events-publisher';

const entries = [
  ...owedLifecycleEntries(structuredClone(indexedJson) as RecordingState),
  ...owedLifecycleEntries(structuredClone(failedJson) as RecordingState),
];

let server: PutEventsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const publisherTo = (endpoint: string) =>
  putEventsPublisher(
    publisherSettings({
      [LIFECYCLE_EVENT_BUS_ENV]: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      [EVENTBRIDGE_ENDPOINT_ENV]: endpoint,
    })!,
  );

describe('given the local bus PutEvents endpoint', () => {
  it('when the publisher sends entries then the bus accepts them as EventBridge events with their detail and time', async () => {
    const accepted: EventEnvelope[] = [];
    server = await startPutEventsServer({ port: 0, quiet: true, publish: (envelope) => accepted.push(envelope) });
    await publisherTo(server.endpoint)(entries);
    expect(
      accepted.map((e) => ({ source: e.source, detailType: e['detail-type'], time: e.time, detail: e.detail })),
    ).toEqual(
      entries.map((entry) => ({
        source: 'ivs-recording-tracker',
        detailType: entry.detailType,
        time: new Date(entry.time!).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        detail: entry.detail,
      })),
    );
  });

  it('when the bus cannot keep an entry then the publish throws a RetryableError', async () => {
    server = await startPutEventsServer({
      port: 0,
      quiet: true,
      publish: () => {
        throw new Error('disk full');
      },
    });
    await expect(publisherTo(server.endpoint)(entries)).rejects.toBeInstanceOf(RetryableError);
  });

  it('when nothing listens at the endpoint then the publish throws a RetryableError', async () => {
    server = await startPutEventsServer({ port: 0, quiet: true, publish: () => undefined });
    const { endpoint } = server;
    await server.close();
    server = undefined;
    await expect(publisherTo(endpoint)(entries)).rejects.toMatchObject({ reason: 'unavailable' });
  });
});
