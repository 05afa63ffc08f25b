import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermanentEventError } from './errors';
import { isoSecond, oddValueArb } from './fixtures/arbitraries';
import { copyOf, recordingFixtures, streamFixtures, withDetail, withEnvelope } from './fixtures/ivs-events';
import { parseIvsEvent, tryParseIvsEvent, type IvsEvent } from './ivs-event';

const RUNS = { numRuns: 1000 };

/** The contract for any input: a result or a PermanentEventError with a message, nothing else. */
const expectParsedOrRejected = (raw: unknown): IvsEvent | PermanentEventError => {
  const result = tryParseIvsEvent(raw);
  let thrown: unknown = null;
  try {
    parseIvsEvent(raw);
  } catch (error) {
    thrown = error;
  }
  if (result.ok) {
    expect(thrown).toBeNull();
    return result.event;
  }
  expect(thrown).toBeInstanceOf(PermanentEventError);
  expect(result.error).toBeInstanceOf(PermanentEventError);
  expect(result.error.message.length).toBeGreaterThan(0);
  expect((thrown as PermanentEventError).message).toBe(result.error.message);
  return result.error;
};

// --- The rules, restated independently of the parser (the oracle) ---------------------

/** encodeURIComponent throws exactly on lone surrogates. */
const wellFormed = (s: string): boolean => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};
const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;
const text = (v: unknown, max = 2048): v is string => typeof v === 'string' && wellFormed(v) && utf8Bytes(v) <= max;
const nonEmptyText = (v: unknown): boolean => text(v) && v !== '';
const noControls = (s: string): boolean =>
  [...s].every((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code >= 0x20 && (code < 0x7f || code > 0x9f);
  });
const idText = (v: unknown): boolean => text(v, 1024) && v !== '' && noControls(v);
const streamId = (v: unknown): boolean => text(v, 1024) && /^st-[A-Za-z0-9]+$/.test(v);
/**
 * The record id (`<account>-<region>-<channelId>-<session id, percent-encoded>`, for the
 * fixtures' channel) must fit DynamoDB's 2048-byte partition key.
 */
const FIXTURE_ID_PREFIX = '123456789012-us-west-2-AbCdef1G2hij-';
const recordIdFits = (v: string): boolean =>
  utf8Bytes(FIXTURE_ID_PREFIX + encodeURIComponent(v).replace(/[!'()*]/g, '%XX')) <= 2048;
const sessionId = (v: unknown): boolean => idText(v) && recordIdFits(v as string);
const noRepeats = (v: unknown[]): boolean => new Set(v).size === v.length;
const duration = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
const optional =
  (rule: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    v === undefined || rule(v);
const RECORDING_STATUSES = ['Recording Start', 'Recording End', 'Recording Start Failure', 'Recording End Failure'];
const STREAM_EVENTS = [
  'Stream Start',
  'Stream End',
  'Stream Failure',
  'Session Created',
  'Session Ended',
  'Stream Takeover',
  'Stream Takeover Failure',
];

type Rules = Record<string, (v: unknown) => boolean>;

const recordingRules = (startFailure: boolean): Rules => ({
  channel_name: optional(text),
  stream_id: streamId,
  recording_status_reason: optional(text),
  recording_s3_bucket_name: startFailure ? optional(text) : nonEmptyText,
  recording_s3_key_prefix: startFailure ? optional(text) : nonEmptyText,
  recording_duration_ms: optional(duration),
  recording_session_id: startFailure ? optional((v) => v === '' || sessionId(v)) : sessionId,
  recording_session_stream_ids: optional(
    (v) => Array.isArray(v) && v.length <= 100 && v.every(streamId) && noRepeats(v),
  ),
});

const CHANNEL_ARN = /^arn:(aws|aws-cn|aws-us-gov):ivs:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:channel\/[A-Za-z0-9]{1,128}$/;
const envelopeRules: Rules = {
  id: idText,
  source: nonEmptyText,
  account: text,
  region: text,
  version: () => true,
  resources: (v) =>
    Array.isArray(v) && v.length >= 1 && v.length <= 100 && v.every((r) => text(r)) && CHANNEL_ARN.test(v[0] as string),
  // No generated value is a complete valid detail: a non-object is rejected as `detail`,
  // an object for its first bad field, `detail.<field>`.
  detail: () => false,
};

// --- Values to put where a field belongs ------------------------------------------------

const checkMutation = (raw: unknown, accepted: boolean, field: string): void => {
  const outcome = expectParsedOrRejected(raw);
  if (accepted) {
    expect(outcome).not.toBeInstanceOf(PermanentEventError);
  } else {
    expect(outcome).toBeInstanceOf(PermanentEventError);
    expect((outcome as PermanentEventError).field?.startsWith(field)).toBe(true);
    expect((outcome as PermanentEventError).message).toContain(field);
  }
};

describe('given anything at all', () => {
  it('when parsed then the result is an event or a PermanentEventError, never anything else', () => {
    const anyArb = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anyArb, (raw) => {
        expect(expectParsedOrRejected(raw)).toBeInstanceOf(PermanentEventError);
      }),
      RUNS,
    );
  });

  it('when the junk has the envelope keys then it is still rejected with a message', () => {
    const keys = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'];
    const junkArb = fc.record(Object.fromEntries(keys.map((k) => [k, oddValueArb])), { requiredKeys: [] });
    fc.assert(
      fc.property(junkArb, (raw) => {
        expect(expectParsedOrRejected(raw)).toBeInstanceOf(PermanentEventError);
      }),
      RUNS,
    );
  });
});

describe('given a valid recording event with one detail field changed', () => {
  const cases = [
    { fixture: recordingFixtures.start, startFailure: false },
    { fixture: recordingFixtures.end, startFailure: false },
    { fixture: recordingFixtures.endFailure, startFailure: false },
    { fixture: recordingFixtures.startFailure, startFailure: true },
    { fixture: recordingFixtures.startFailureNoSession, startFailure: true },
  ];
  it('when parsed then it is accepted exactly when the rules allow the value, else the field is named', () => {
    const caseArb = fc.constantFrom(...cases);
    const fieldArb = fc.constantFrom(...Object.keys(recordingRules(false)));
    fc.assert(
      fc.property(caseArb, fieldArb, oddValueArb, ({ fixture, startFailure }, field, value) => {
        const rule = recordingRules(startFailure)[field] ?? (() => false);
        // Only the End must report its duration.
        const isEnd = fixture === recordingFixtures.end;
        const accepted = field === 'recording_duration_ms' && isEnd && value === undefined ? false : rule(value);
        checkMutation(withDetail(fixture, { [field]: value }), accepted, `detail.${field}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('when recording_status is changed on a complete End then only the four statuses are accepted', () => {
    fc.assert(
      fc.property(oddValueArb, (value) => {
        checkMutation(
          withDetail(recordingFixtures.end, { recording_status: value }),
          typeof value === 'string' && RECORDING_STATUSES.includes(value),
          'detail.recording_status',
        );
      }),
      RUNS,
    );
  });
});

describe('given a valid stream event with one detail field changed', () => {
  const streamRules: Rules = {
    event_name: (v) => typeof v === 'string' && STREAM_EVENTS.includes(v),
    stream_id: streamId,
    channel_name: optional(text),
    reason: optional(text),
  };
  it('when parsed then it is accepted exactly when the rules allow the value, else the field is named', () => {
    const fieldArb = fc.constantFrom(...Object.keys(streamRules));
    const fixtureArb = fc.constantFrom(...Object.values(streamFixtures));
    fc.assert(
      fc.property(fixtureArb, fieldArb, oddValueArb, (fixture, field, value) => {
        const rule = streamRules[field] ?? (() => false);
        checkMutation(withDetail(fixture, { [field]: value }), rule(value), `detail.${field}`);
      }),
      { numRuns: 2000 },
    );
  });
  it('when the code of a Session Ended is changed then numbers and strings are accepted', () => {
    const codeRule = (v: unknown): boolean =>
      v === undefined || (typeof v === 'number' && Number.isFinite(v)) || text(v);
    fc.assert(
      fc.property(oddValueArb, (value) => {
        checkMutation(withDetail(streamFixtures.sessionEnded, { code: value }), codeRule(value), 'detail.code');
      }),
      RUNS,
    );
  });
});

describe('given a valid event with one envelope field changed', () => {
  it('when parsed then it is accepted exactly when the rules allow the value, else the field is named', () => {
    const fieldArb = fc.constantFrom(...Object.keys(envelopeRules));
    const fixtureArb = fc.constantFrom(recordingFixtures.end, streamFixtures.streamStart);
    fc.assert(
      fc.property(fixtureArb, fieldArb, oddValueArb, (fixture, field, value) => {
        const rule = envelopeRules[field] ?? (() => false);
        checkMutation(withEnvelope(fixture, { [field]: value }), rule(value), field);
      }),
      { numRuns: 2000 },
    );
  });

  it('when detail-type is anything but the two handled then it is rejected', () => {
    fc.assert(
      fc.property(oddValueArb, (value) => {
        const outcome = expectParsedOrRejected(withEnvelope(recordingFixtures.end, { 'detail-type': value }));
        if (value === 'IVS Recording State Change') expect(outcome).not.toBeInstanceOf(PermanentEventError);
        else expect(outcome).toBeInstanceOf(PermanentEventError);
      }),
      RUNS,
    );
  });

  it('when time is any instant in any RFC 3339 form then it reads as that instant', () => {
    const instantArb = fc.integer({ min: 0, max: 253_402_300_799 - 86_400 }).filter((s) => s >= 86_400);
    const formArb = fc.constantFrom('Z', 'z', '+00:00', '-05:30', '+14:00');
    fc.assert(
      fc.property(instantArb, formArb, fc.constantFrom('T', 't', ' '), (second, zone, separator) => {
        const offsetMinutes = zone === '-05:30' ? -330 : zone === '+14:00' ? 840 : 0;
        const local = new Date((second + offsetMinutes * 60) * 1000).toISOString().slice(0, 19).replace('T', separator);
        const outcome = expectParsedOrRejected(withEnvelope(recordingFixtures.end, { time: `${local}${zone}` }));
        const iso = isoSecond(second);
        // Only four-digit years from 1970 on are kept, so that string order is time order.
        if (/^(19[7-9]\d|[2-9]\d{3})-/.test(iso) && /^\d{4}-/.test(local)) {
          expect(outcome).toMatchObject({ time: iso });
        } else {
          expect(outcome).toBeInstanceOf(PermanentEventError);
        }
      }),
      RUNS,
    );
  });
});

describe('given a valid event with extra fields', () => {
  it('when parsed then the extras change nothing, __proto__ and constructor included', () => {
    const known = new Set([
      ...Object.keys(recordingFixtures.end),
      ...Object.keys(recordingFixtures.end.detail),
      ...Object.keys(streamFixtures.sessionEnded.detail),
      'reason',
      'code',
    ]);
    const extraKeyArb = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'));
    const extrasArb = fc.dictionary(extraKeyArb, fc.anything({ maxDepth: 2 }), { maxKeys: 5 });
    const fixtureArb = fc.constantFrom(...Object.values(recordingFixtures), ...Object.values(streamFixtures));
    fc.assert(
      fc.property(fixtureArb, extrasArb, extrasArb, (fixture, envelopeExtras, detailExtras) => {
        const raw = copyOf(fixture);
        // Through JSON, as Lambda receives it: "__proto__" becomes an own key.
        const keep = (extras: Record<string, unknown>) =>
          Object.entries(extras).filter(([k]) => !known.has(k) && !(k in raw) && !(k in raw.detail));
        const envelopeJson = JSON.stringify(Object.fromEntries(keep(envelopeExtras))).slice(1, -1);
        const detailJson = JSON.stringify(Object.fromEntries(keep(detailExtras))).slice(1, -1);
        const withExtras: unknown = JSON.parse(
          `{${envelopeJson}${envelopeJson ? ',' : ''}"detail":{${detailJson}${detailJson ? ',' : ''}${JSON.stringify(raw.detail).slice(1)},` +
            `${JSON.stringify({ ...raw, detail: undefined }).slice(1)}`,
        );
        expect(expectParsedOrRejected(withExtras)).toEqual(parseIvsEvent(fixture));
      }),
      RUNS,
    );
  });
});
