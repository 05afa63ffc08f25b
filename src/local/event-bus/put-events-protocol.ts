/**
 * PutEvents of the EventBridge JSON protocol, pure: a parsed request body in,
 * the HTTP answer AWS would give and the accepted envelopes out.
 *
 * Decisions where a laptop differs from an account:
 * - only the default bus exists: EventBusName absent, "", "default" or a
 *   `...:event-bus/default` ARN is accepted; any other name fails that entry with
 *   ResourceNotFoundException (as AWS does for a bus that does not exist);
 * - Source "aws.*" is refused as in a real account, so simulated events must use
 *   a custom source (publish() in-process can still inject aws.ivs events);
 * - TraceHeader is accepted and ignored.
 */
import { envelopeTime, type EventEnvelope } from './envelope';

export type AwsJsonError = { __type: string; message: string };

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export type PutEventsAnswer =
  | {
      status: 200;
      body: { FailedEntryCount: number; Entries: PutEventsResultEntry[] };
      accepted: EventEnvelope[];
    }
  | { status: 400; body: AwsJsonError; accepted: [] };

export type PutEventsContext = {
  account: string;
  region: string;
  now: () => Date;
  newId: () => string;
};

export const MAX_ENTRIES = 10;
/** AWS limits a whole PutEvents request to 256 KiB of entries. */
export const MAX_REQUEST_BYTES = 256 * 1024;

export const awsJsonError = (type: string, message: string): AwsJsonError => ({
  __type: type,
  message,
});

const validationError = (message: string): PutEventsAnswer => ({
  status: 400,
  body: awsJsonError('ValidationException', message),
  accepted: [],
});

export const handlePutEvents = (body: unknown, context: PutEventsContext): PutEventsAnswer => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      status: 400,
      body: awsJsonError('SerializationException', 'Start of structure or map found where not expected.'),
      accepted: [],
    };
  }
  const entries = (body as { Entries?: unknown }).Entries;
  if (entries === undefined || entries === null) {
    return validationError(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(entries)) {
    return {
      status: 400,
      body: awsJsonError('SerializationException', 'Entries must be a list.'),
      accepted: [],
    };
  }
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    return validationError(
      `1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  if (entries.reduce<number>((sum, e) => sum + entrySize(e), 0) > MAX_REQUEST_BYTES) {
    return validationError('Total size of the entries in the request is over the limit.');
  }
  const accepted: EventEnvelope[] = [];
  const results = entries.map((entry): PutEventsResultEntry => {
    const outcome = entryToEnvelope(entry, context);
    if ('ErrorCode' in outcome) return outcome;
    accepted.push(outcome);
    return { EventId: outcome.id };
  });
  return {
    status: 200,
    body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results },
    accepted,
  };
};

type EntryError = { ErrorCode: string; ErrorMessage: string };

const invalid = (field: string, reason: string): EntryError => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}`,
});

/** One entry to its envelope, or the per-entry error AWS gives. */
export const entryToEnvelope = (entry: unknown, context: PutEventsContext): EventEnvelope | EntryError => {
  if (typeof entry !== 'object' || entry === null) return invalid('Entry', 'Entry must be an object.');
  const e = entry as Record<string, unknown>;
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    if (typeof e[field] !== 'string' || e[field] === '') {
      return invalid(field, `${field} is a required argument.`);
    }
  }
  const source = e.Source as string;
  const detailType = e.DetailType as string;
  const resources = e.Resources ?? [];
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) {
    return invalid('Resources', 'Resources must be a list of strings.');
  }
  const time = e.Time === undefined || e.Time === null ? context.now() : toDate(e.Time);
  if (!time) return invalid('Time', 'Time must be a timestamp.');
  if (!isDefaultBus(e.EventBusName)) {
    return {
      ErrorCode: 'ResourceNotFoundException',
      ErrorMessage: `Event bus ${String(e.EventBusName)} does not exist.`,
    };
  }
  if (source.startsWith('aws.')) {
    return {
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    };
  }
  const detail = parseObject(e.Detail as string);
  if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return {
    version: '0',
    id: context.newId(),
    'detail-type': detailType,
    source,
    account: context.account,
    time: envelopeTime(time),
    region: context.region,
    resources: resources as string[],
    detail,
  };
};

const isDefaultBus = (name: unknown): boolean =>
  name === undefined ||
  name === null ||
  name === '' ||
  name === 'default' ||
  (typeof name === 'string' && /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/default$/.test(name));

/** The JSON protocol sends timestamps as epoch seconds; an ISO string is accepted too. */
const toDate = (value: unknown): Date | undefined => {
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : typeof value === 'string'
        ? new Date(/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value)
        : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

/** Detail must be a JSON object: not an array, string, number or null. */
const parseObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Roughly how AWS sizes an entry (UTF-8 bytes of its fields, 14 for Time). */
const entrySize = (entry: unknown): number => {
  if (typeof entry !== 'object' || entry === null) return 0;
  const e = entry as Record<string, unknown>;
  const bytes = (v: unknown): number => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const resources = Array.isArray(e.Resources) ? e.Resources.reduce<number>((s, r) => s + bytes(r), 0) : 0;
  return 14 + bytes(e.Source) + bytes(e.DetailType) + bytes(e.Detail) + resources;
};
