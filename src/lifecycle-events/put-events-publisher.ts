/**
 * Publishes lifecycle entries with EventBridge PutEvents: one POST of the JSON 1.1 protocol
 * (`AWSEvents.PutEvents`), SigV4-signed (service `events`) with the signer the Amplify client
 * already carries, as the end files are read: no AWS SDK client in the handler's bundle.
 * On AWS the function's credentials and its region's endpoint; locally the stack's bus
 * (AWS_ENDPOINT_URL_EVENTBRIDGE, the SDK's own override variable).
 */
import { getDnsSuffix, signRequest } from '@aws-amplify/core/internals/aws-client-utils';
import { RetryableError } from '../recording-engine/errors';
import type { LifecycleEntry } from './lifecycle-events';
import { publisherSettings, type PublisherSettings } from './lifecycle-settings';

/** PutEvents takes at most 10 entries per request. */
export const MAX_ENTRIES_PER_REQUEST = 10;

/** Sends entries; resolves once every one was accepted, throws otherwise. */
export type LifecyclePublisher = (entries: readonly LifecycleEntry[]) => Promise<void>;

export const putEventsUrl = (settings: Pick<PublisherSettings, 'region' | 'endpoint'>): URL =>
  settings.endpoint
    ? new URL(settings.endpoint.replace(/\/*$/, '/'))
    : new URL(`https://events.${settings.region}.${getDnsSuffix(settings.region)}/`);

/** The PutEvents request body: Detail as a JSON string, Time as epoch seconds (the JSON protocol's timestamps). */
export const putEventsBody = (eventBusName: string, entries: readonly LifecycleEntry[]): string =>
  JSON.stringify({
    Entries: entries.map((entry) => ({
      Source: entry.source,
      DetailType: entry.detailType,
      Detail: JSON.stringify(entry.detail),
      Resources: entry.resources,
      ...(entry.time === null ? {} : { Time: Date.parse(entry.time) / 1000 }),
      EventBusName: eventBusName,
    })),
  });

/** The signed PutEvents request. */
export const signedPutEventsRequest = (
  settings: PublisherSettings,
  entries: readonly LifecycleEntry[],
  signingDate: Date,
): { url: URL; headers: Record<string, string>; body: string } => {
  const url = putEventsUrl(settings);
  const body = putEventsBody(settings.eventBusName, entries);
  const signed = signRequest(
    {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body,
    },
    { credentials: settings.credentials, signingDate, signingRegion: settings.region, signingService: 'events' },
  );
  return { url, headers: signed.headers, body };
};

type PutEventsResponse = {
  FailedEntryCount?: number;
  Entries?: ({ EventId?: string } & { ErrorCode?: string; ErrorMessage?: string })[];
};

const RETRYABLE_ERROR_TYPES = new Set(['ThrottlingException', 'InternalException', 'ServiceUnavailable']);

/**
 * A publisher over fetch. Transport failures, 5xx, throttling and entries EventBridge did
 * not accept (FailedEntryCount) throw a RetryableError: the caller's event is retried and
 * publishes the same entries (same ids) again. Any other refusal (access denied, a bus that
 * does not exist) throws an Error naming it: configuration, which a retry does not fix alone.
 */
export const putEventsPublisher =
  (
    settings: PublisherSettings,
    fetchImpl: typeof fetch = fetch,
    clock: () => Date = () => new Date(),
    timeoutMs: number = PUT_EVENTS_TIMEOUT_MS,
  ) =>
  async (entries: readonly LifecycleEntry[]): Promise<void> => {
    for (let start = 0; start < entries.length; start += MAX_ENTRIES_PER_REQUEST) {
      const batch = entries.slice(start, start + MAX_ENTRIES_PER_REQUEST);
      await putBatch(settings, batch, fetchImpl, clock(), timeoutMs);
    }
  };

/**
 * How long one PutEvents may take before it counts as failed (retryable): well inside the
 * handler's 30 s timeout, so a hung connection fails the event, which is retried.
 */
export const PUT_EVENTS_TIMEOUT_MS = 5000;

/**
 * A function's publisher from its environment at cold start (LIFECYCLE_EVENT_BUS and its
 * credentials); undefined when the bus variable is "" (publishing off). Bad or missing
 * configuration throws, naming the variables.
 */
export const publisherFromEnvironment = (env: NodeJS.ProcessEnv): LifecyclePublisher | undefined => {
  const settings = publisherSettings(env);
  return settings ? putEventsPublisher(settings) : undefined;
};

const putBatch = async (
  settings: PublisherSettings,
  entries: readonly LifecycleEntry[],
  fetchImpl: typeof fetch,
  signingDate: Date,
  timeoutMs: number,
): Promise<void> => {
  const { url, headers, body } = signedPutEventsRequest(settings, entries, signingDate);
  const what = `PutEvents (${entries.map((e) => e.detailType).join(', ')}) to ${settings.eventBusName}`;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new RetryableError(timedOut ? 'timeout' : 'unavailable', `${what} failed: ${String(error)}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    const type =
      response.headers.get('x-amzn-errortype')?.split(':')[0] ??
      (safeJson(text) as { __type?: string } | null)?.__type?.split('#').pop() ??
      `HTTP ${response.status}`;
    if (response.status >= 500 || RETRYABLE_ERROR_TYPES.has(type)) {
      throw new RetryableError(type === 'ThrottlingException' ? 'throttled' : 'unavailable', `${what}: ${type}`);
    }
    throw new Error(`${what} refused: ${type} (${text.slice(0, 300)})`);
  }
  const answer = safeJson(text) as PutEventsResponse | null;
  if (answer === null || !Array.isArray(answer.Entries)) {
    throw new RetryableError('unknown', `${what}: unreadable answer ${text.slice(0, 200)}`);
  }
  const failed = answer.Entries.flatMap((entry, i) =>
    entry.ErrorCode ? [`${entries[i]?.detailType ?? i}: ${entry.ErrorCode} ${entry.ErrorMessage ?? ''}`.trim()] : [],
  );
  if ((answer.FailedEntryCount ?? 0) > 0 || failed.length > 0) {
    throw new RetryableError('unavailable', `${what}: ${failed.length} entry(ies) not accepted: ${failed.join('; ')}`);
  }
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};
