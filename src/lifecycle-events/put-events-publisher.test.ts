import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { RetryableError } from '../recording-engine/errors';
import indexedJson from './fixtures/indexed-recording.json';
import { owedLifecycleEntries } from './lifecycle-events';
import type { RecordingState } from '../recording-engine/records';
import { EVENTBRIDGE_ENDPOINT_ENV, LIFECYCLE_EVENT_BUS_ENV, publisherSettings } from './lifecycle-settings';
import { putEventsPublisher, putEventsUrl, signedPutEventsRequest } from './put-events-publisher';

const BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/default';
const env = {
  [LIFECYCLE_EVENT_BUS_ENV]: BUS,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
  AWS_LAMBDA_FUNCTION_NAME: 'RecordingStatusHandler',
};
const settings = publisherSettings(env)!;
const entries = owedLifecycleEntries(structuredClone(indexedJson) as RecordingState);

type Call = { url: string; init: RequestInit };
const answering = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  const calls: Call[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    calls.push({ url: String(url), init });
    return new Response(JSON.stringify(body), { status, headers });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
};

describe('given the publisher settings', () => {
  it('when the bus and credentials are set then they are read, on the region endpoint by default', () => {
    expect(settings).toEqual({
      eventBusName: BUS,
      region: 'us-east-1',
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
    });
    expect(putEventsUrl(settings).href).toBe('https://events.us-east-1.amazonaws.com/');
  });

  it('when AWS_ENDPOINT_URL_EVENTBRIDGE is set then requests go there', () => {
    const local = publisherSettings({ ...env, [EVENTBRIDGE_ENDPOINT_ENV]: 'http://127.0.0.1:4010' })!;
    expect(putEventsUrl(local).href).toBe('http://127.0.0.1:4010/');
  });

  it('when the bus variable is empty then publishing is off', () => {
    expect(publisherSettings({ ...env, [LIFECYCLE_EVENT_BUS_ENV]: '' })).toBeNull();
  });

  it('when the bus variable is unset or the endpoint is not a URL then the error names the variable', () => {
    const { [LIFECYCLE_EVENT_BUS_ENV]: _, ...withoutBus } = env;
    expect(() => publisherSettings(withoutBus)).toThrow(
      `RecordingStatusHandler cannot publish lifecycle events: missing ${LIFECYCLE_EVENT_BUS_ENV}`,
    );
    expect(() => publisherSettings({ ...env, [EVENTBRIDGE_ENDPOINT_ENV]: 'not a url' })).toThrow(
      EVENTBRIDGE_ENDPOINT_ENV,
    );
  });
});

describe('given a PutEvents request', () => {
  it('when signed then its authorization is the one the AWS SDK signer computes for events', async () => {
    const signingDate = new Date('2026-03-01T12:34:56Z');
    const { url, headers, body } = signedPutEventsRequest(settings, entries, signingDate);
    // Without the payload hash header, which only S3 requires.
    const sdk = new SignatureV4({
      service: 'events',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: settings.credentials,
      applyChecksum: false,
    });
    const expected = await sdk.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        path: url.pathname,
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSEvents.PutEvents',
        },
        body,
      },
      { signingDate },
    );
    expect(headers.authorization).toBe(expected.headers.authorization);
    expect(headers['x-amz-security-token']).toBe('session');
  });

  it('when built then each entry names the bus, the source, the detail type, the detail and the transition time', () => {
    const { body } = signedPutEventsRequest(settings, entries, new Date());
    const [entry] = (JSON.parse(body) as { Entries: Record<string, unknown>[] }).Entries;
    expect(entry).toEqual({
      Source: 'ivs-recording-tracker',
      DetailType: 'Recording Ready',
      Detail: JSON.stringify(entries[0]!.detail),
      Resources: [indexedJson.channelArn],
      Time: Date.parse(indexedJson.mediaIndexedAt) / 1000,
      EventBusName: BUS,
    });
  });
});

describe('given the answers EventBridge gives', () => {
  it('when every entry is accepted then the publish resolves after one request', async () => {
    const { calls, fetchImpl } = answering(200, { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await putEventsPublisher(settings, fetchImpl)(entries);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init.method).toBe('POST');
  });

  it('when an entry failed then a RetryableError names its code', async () => {
    const { fetchImpl } = answering(200, {
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    const publish = putEventsPublisher(settings, fetchImpl)(entries);
    await expect(publish).rejects.toBeInstanceOf(RetryableError);
    await expect(publish).rejects.toThrow('Recording Ready: InternalFailure try again');
  });

  it('when throttled or the service fails then a RetryableError', async () => {
    const throttled = answering(400, { __type: 'ThrottlingException' }, { 'x-amzn-errortype': 'ThrottlingException' });
    await expect(putEventsPublisher(settings, throttled.fetchImpl)(entries)).rejects.toMatchObject({
      reason: 'throttled',
    });
    const failing = answering(503, {});
    await expect(putEventsPublisher(settings, failing.fetchImpl)(entries)).rejects.toBeInstanceOf(RetryableError);
  });

  it('when the network fails then a RetryableError', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(putEventsPublisher(settings, fetchImpl)(entries)).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('when EventBridge does not answer in time then a RetryableError (timeout)', async () => {
    const hanging = ((_url: URL, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as unknown as typeof fetch;
    await expect(putEventsPublisher(settings, hanging, () => new Date(), 20)(entries)).rejects.toMatchObject({
      reason: 'timeout',
    });
  });

  it('when access is denied then the error names the refusal (configuration, not a transient failure)', async () => {
    const { fetchImpl } = answering(400, { __type: 'AccessDeniedException', message: 'no' });
    const publish = putEventsPublisher(settings, fetchImpl)(entries);
    await expect(publish).rejects.toThrow('refused: AccessDeniedException');
    await expect(publish).rejects.not.toBeInstanceOf(RetryableError);
  });

  it('when more than ten entries are published then they go in requests of ten', async () => {
    const { calls, fetchImpl } = answering(200, { FailedEntryCount: 0, Entries: [] });
    await putEventsPublisher(settings, fetchImpl)(Array.from({ length: 11 }, () => entries[0]!));
    expect(calls.map((c) => (JSON.parse(String(c.init.body)) as { Entries: unknown[] }).Entries.length)).toEqual([
      10, 1,
    ]);
  });
});
