import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

export type EntryResult =
  | { index: number; ok: true; eventId: string; detailType: string }
  | { index: number; ok: false; errorCode: string; errorMessage: string; detailType: string };

export type SendResult = { failedEntryCount: number; entries: EntryResult[] };

/**
 * Sends entries with one PutEvents call. PutEvents answers HTTP 200 even when
 * entries fail, so the per-entry results are what tell success.
 */
export const sendEntries = async (client: EventBridgeClient, entries: PutEventsRequestEntry[]): Promise<SendResult> => {
  const response = await client.send(new PutEventsCommand({ Entries: entries }));
  const results = (response.Entries ?? []).map((result, index): EntryResult => {
    const detailType = entries[index]?.DetailType ?? '';
    return result.EventId
      ? { index, ok: true, eventId: result.EventId, detailType }
      : {
          index,
          ok: false,
          errorCode: result.ErrorCode ?? 'Unknown',
          errorMessage: result.ErrorMessage ?? '',
          detailType,
        };
  });
  return { failedEntryCount: response.FailedEntryCount ?? results.filter((r) => !r.ok).length, entries: results };
};

export const formatResult = (result: EntryResult): string =>
  result.ok
    ? `entry ${result.index} (${result.detailType}): accepted, event id ${result.eventId}`
    : `entry ${result.index} (${result.detailType}): FAILED ${result.errorCode}: ${result.errorMessage}`;

export type TargetOptions = {
  /** An EventBridge-compatible endpoint, e.g. the local stack's (amplify_outputs.json custom.local.eventsEndpoint). */
  endpoint?: string;
  region?: string;
};

/**
 * A stock EventBridge client. With an endpoint and no credentials in the
 * environment it signs with placeholder credentials (the local bus does not
 * verify signatures); without an endpoint it uses the normal AWS chain.
 */
export const eventBridgeClientFor = ({ endpoint, region }: TargetOptions): EventBridgeClient => {
  const hasCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE);
  return new EventBridgeClient({
    region: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && !hasCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
};
