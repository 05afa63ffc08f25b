import { describe, expect, it } from 'vitest';
import * as routing from '../../amplify/events/resource';
import { PermanentEventError } from './errors';
import {
  copyOf,
  recordingEvent,
  recordingFixtures,
  streamFixtures,
  withDetail,
  withEnvelope,
  type RawEvent,
} from './fixtures/ivs-events';
import { parseIvsEvent, RECORDING_STATE_CHANGE, STREAM_STATE_CHANGE, tryParseIvsEvent } from './ivs-event';

const ARN = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';
const PREFIX = 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs';
const FIRST_STREAM = 'st-254sopYUvi6F78ghpO9vn0A';
const LAST_STREAM = 'st-1A2b3c4D5e6F78ghij9Klmn';

/** The PermanentEventError parsing `raw` throws (fails the test if it parses). */
const rejectionOf = (raw: unknown): PermanentEventError => {
  const result = tryParseIvsEvent(raw);
  if (result.ok) throw new Error(`expected a rejection, parsed ${JSON.stringify(result.event)}`);
  return result.error;
};

describe('given the detail-type constants', () => {
  it('when compared with the event routing then they are the same strings', () => {
    expect(RECORDING_STATE_CHANGE).toBe(routing.RECORDING_STATE_CHANGE);
    expect(STREAM_STATE_CHANGE).toBe(routing.STREAM_STATE_CHANGE);
  });
});

describe('given a Recording Start event', () => {
  it('when parsed then every field is typed and the time is canonical', () => {
    expect(parseIvsEvent(recordingFixtures.start)).toEqual({
      kind: 'recording',
      eventId: '0f4c2f1e-8a6b-4c1d-9e2f-3a4b5c6d7e80',
      source: 'aws.ivs',
      time: '2020-06-23T20:12:05.000Z',
      channelArn: ARN,
      channelName: 'Your Channel',
      streamId: FIRST_STREAM,
      status: 'START',
      reason: '',
      s3BucketName: 'r2s3-dev-channel-1-recordings',
      s3KeyPrefix: PREFIX,
      durationMs: 0,
      recordingSessionId: 'a6RfV23ES97iyfoQ',
      streamIds: [FIRST_STREAM],
    });
  });
});

describe('given the documented Recording End of a merged recording', () => {
  it('when parsed then the duration and both stream ids are kept in IVS order', () => {
    expect(parseIvsEvent(recordingFixtures.end)).toEqual({
      kind: 'recording',
      eventId: '12345678-1a23-4567-a1bc-1a2b34567890',
      source: 'aws.ivs',
      time: '2020-06-24T07:51:32.000Z',
      channelArn: ARN,
      channelName: 'Your Channel',
      streamId: LAST_STREAM,
      status: 'END',
      reason: '',
      s3BucketName: 'r2s3-dev-channel-1-recordings',
      s3KeyPrefix: PREFIX,
      durationMs: 99370264,
      recordingSessionId: 'a6RfV23ES97iyfoQ',
      streamIds: [FIRST_STREAM, LAST_STREAM],
    });
  });
});

describe('given a failure event', () => {
  it('when a Recording Start Failure is parsed then its status and reason are kept', () => {
    const event = recordingEvent(recordingFixtures.startFailure);
    expect([event.status, event.reason, event.s3KeyPrefix]).toEqual(['START_FAILURE', 'ValidationException', '']);
  });
  it('when a Recording End Failure is parsed then its status and reason are kept', () => {
    const event = recordingEvent(recordingFixtures.endFailure);
    expect([event.status, event.reason, event.durationMs]).toEqual(['END_FAILURE', 'InternalServerException', 0]);
  });
  it('when a simulated Start Failure has no session id then the identity falls back to the stream id', () => {
    const event = recordingEvent(recordingFixtures.startFailureNoSession);
    expect(event.source).toBe('custom.ivs.simulator');
    expect(event.recordingSessionId).toBe(FIRST_STREAM);
    expect(event.streamIds).toEqual([]);
  });
  it('when a Start Failure has no bucket, prefix, reason or duration then they read as empty', () => {
    const event = recordingEvent(
      withDetail(recordingFixtures.startFailure, {
        recording_s3_bucket_name: undefined,
        recording_s3_key_prefix: undefined,
        recording_status_reason: undefined,
        recording_duration_ms: undefined,
        recording_session_id: undefined,
      }),
    );
    expect([event.s3BucketName, event.s3KeyPrefix, event.reason, event.durationMs]).toEqual(['', '', '', 0]);
    expect(event.recordingSessionId).toBe(FIRST_STREAM);
  });
});

describe('given each IVS Stream State Change', () => {
  it.each([
    ['streamStart', 'STREAM_START', ''],
    ['streamEnd', 'STREAM_END', ''],
    ['streamFailure', 'STREAM_FAILURE', 'Bitrate exceeded the channel limit'],
    ['sessionCreated', 'SESSION_CREATED', ''],
    ['sessionEnded', 'SESSION_ENDED', 'MultitrackInputNotAllowed'],
    ['streamTakeover', 'STREAM_TAKEOVER', ''],
    ['streamTakeoverFailure', 'STREAM_TAKEOVER_FAILURE', 'StreamTakeoverInvalidPriority'],
  ] as const)('when %s is parsed then event_name is %s and the reason is %j', (name, eventName, reason) => {
    const event = parseIvsEvent(streamFixtures[name]);
    expect(event).toMatchObject({ kind: 'stream', eventName, reason, channelArn: ARN, streamId: FIRST_STREAM });
  });
  it('when the code is a number then the reason is its text', () => {
    const event = parseIvsEvent(withDetail(streamFixtures.sessionEnded, { code: 4001 }));
    expect(event).toMatchObject({ reason: '4001' });
  });
  it('when both reason and code are present then reason wins', () => {
    const event = parseIvsEvent(withDetail(streamFixtures.streamFailure, { code: 'Other' }));
    expect(event).toMatchObject({ reason: 'Bitrate exceeded the channel limit' });
  });
});

describe('given event times in RFC 3339 forms', () => {
  it.each([
    ['2020-06-24T07:51:32Z', '2020-06-24T07:51:32.000Z'],
    ['2020-06-24t07:51:32z', '2020-06-24T07:51:32.000Z'],
    ['2020-06-24 07:51:32Z', '2020-06-24T07:51:32.000Z'],
    ['2020-06-24T09:51:32+02:00', '2020-06-24T07:51:32.000Z'],
    ['2020-06-24T00:30:00-08:00', '2020-06-24T08:30:00.000Z'],
    ['2020-06-24T07:51:32.123456789Z', '2020-06-24T07:51:32.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('when time is %s then it becomes %s', (time, expected) => {
    expect(parseIvsEvent(withEnvelope(recordingFixtures.start, { time })).time).toBe(expected);
  });
  it.each([
    '2020-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2020-06-24T24:00:00Z',
    '2020-06-24T23:59:60Z',
    '2020-06-24T07:51:32',
    '2020-06-24',
    '1592985092',
    'yesterday',
    '2020-13-01T00:00:00Z',
    '2020-06-24T07:51:32+24:00',
    '9999-12-31T23:59:59-01:00',
    '1969-12-31T23:59:59Z',
    1592985092000,
    null,
  ])('when time is %j then it is rejected naming the field', (time) => {
    const error = rejectionOf(withEnvelope(recordingFixtures.start, { time }));
    expect(error.field).toBe('time');
    expect(error.message).toMatch(/^time must be an RFC 3339 date-time/);
  });
});

describe('given malformed envelopes', () => {
  it.each([null, undefined, 42, 'event', true, [], [recordingFixtures.start]])(
    'when the event is %j then it is rejected as not an object',
    (raw) => {
      const error = rejectionOf(raw);
      expect(error.reason).toBe('invalid_event');
      expect(error.message).toMatch(/^event must be a JSON object/);
      expect(error.eventId).toBeUndefined();
    },
  );

  it.each([
    ['id', undefined, 'id must be a non-empty string, got nothing (missing)'],
    ['id', '', 'id must be a non-empty string, got ""'],
    ['id', 42, 'id must be a non-empty string, got 42'],
    ['id', 'abc\u0000def', 'id must be free of control characters'],
    ['id', 'x'.repeat(1025), 'id must be at most 1024 bytes'],
    ['detail-type', undefined, 'detail-type must be a non-empty string'],
    ['source', '', 'source must be a non-empty string'],
    ['source', ['aws.ivs'], 'source must be a non-empty string, got ["aws.ivs"]'],
    ['account', 123456789012, 'account must be a string'],
    ['region', undefined, 'region must be a string'],
    ['resources', undefined, 'resources must be an array of strings'],
    ['resources', ARN, 'resources must be an array of strings'],
    ['resources', [], 'resources[0] must be an IVS channel ARN'],
    ['resources', [42], 'resources[0] must be a string'],
    ['resources', ['arn:aws:ivs:us-west-2:123456789012:stage/AbCdef1G2hij'], 'resources[0] must be an IVS channel ARN'],
    ['resources', ['arn:aws:ivs:us-west-2:12345:channel/AbCdef1G2hij'], 'resources[0] must be an IVS channel ARN'],
    ['resources', ['arn:aws:ivs:us-west-2:123456789012:channel/Ab-cd'], 'resources[0] must be an IVS channel ARN'],
    ['resources', Array.from({ length: 101 }, () => ARN), 'resources must be at most 100 entries'],
    ['detail', undefined, 'detail must be an object'],
    ['detail', [], 'detail must be an object, got []'],
    ['detail', 'x', 'detail must be an object'],
  ])('when %s is %j then the error names it', (field, value, message) => {
    const error = rejectionOf(withEnvelope(recordingFixtures.end, { [field]: value }));
    expect(error).toBeInstanceOf(PermanentEventError);
    expect(error.reason).toBe('invalid_field');
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.field?.startsWith(field)).toBe(true);
    expect(error.eventId).toBe(field === 'id' ? undefined : '12345678-1a23-4567-a1bc-1a2b34567890');
  });

  it('when version is missing then the event is still accepted', () => {
    expect(tryParseIvsEvent(withEnvelope(recordingFixtures.end, { version: undefined })).ok).toBe(true);
  });

  it.each([
    'IVS Stream Health Change',
    'IVS Limit Breach',
    'IVS Participant Recording State Change',
    'ivs recording state change',
  ])('when detail-type is %j then it is rejected as unsupported', (detailType) => {
    const error = rejectionOf(withEnvelope(recordingFixtures.end, { 'detail-type': detailType }));
    expect(error.reason).toBe('unsupported_detail_type');
    expect(error.message).toBe(`unsupported detail-type ${JSON.stringify(detailType)}`);
  });

  it('when an account-level Limit Breach arrives with no resources then it is rejected on its detail-type', () => {
    const raw = withEnvelope(recordingFixtures.end, {
      'detail-type': 'IVS Limit Breach',
      resources: [],
      detail: { limit_name: 'Concurrent Streams', limit_value: 5, exceeded_by: 1, limit_unit: 'count' },
    });
    expect(rejectionOf(raw).reason).toBe('unsupported_detail_type');
  });
});

describe('given malformed recording details', () => {
  const recordingCases: [keyof typeof recordingFixtures, string, unknown, string][] = [
    ['end', 'recording_duration_ms', 'abc', 'a non-negative integer'],
    ['end', 'recording_duration_ms', -1, 'a non-negative integer'],
    ['end', 'recording_duration_ms', 1.5, 'a non-negative integer'],
    ['end', 'recording_duration_ms', 2 ** 31, 'a non-negative integer'],
    ['end', 'recording_duration_ms', undefined, 'a non-negative integer'],
    ['start', 'recording_duration_ms', '0', 'a non-negative integer'],
    ['end', 'stream_id', undefined, 'a stream id'],
    ['end', 'stream_id', 'stream-1', 'a stream id'],
    ['end', 'stream_id', 'st-', 'a stream id'],
    ['end', 'stream_id', 'st-abc def', 'a stream id'],
    ['end', 'stream_id', 'st-abc\n', 'free of control characters'],
    ['end', 'stream_id', `st-${'a'.repeat(1022)}`, 'at most 1024 bytes'],
    ['end', 'recording_session_id', undefined, 'a non-empty string'],
    ['start', 'recording_session_id', '', 'a non-empty string'],
    ['endFailure', 'recording_session_id', 7, 'a non-empty string'],
    ['start', 'recording_session_id', 'a\u0085b', 'free of control characters'],
    ['startFailure', 'recording_session_id', 42, 'a string'],
    ['end', 'recording_s3_key_prefix', '', 'a non-empty string'],
    ['start', 'recording_s3_key_prefix', undefined, 'a non-empty string'],
    ['endFailure', 'recording_s3_bucket_name', '', 'a non-empty string'],
    ['startFailure', 'recording_s3_bucket_name', null, 'a string'],
    ['end', 'recording_status_reason', 0, 'a string'],
    ['end', 'channel_name', 'n'.repeat(2049), 'at most 2048 bytes'],
    ['end', 'channel_name', '\u00e9'.repeat(1025), 'at most 2048 bytes'],
    ['end', 'channel_name', 'bad \ud800 surrogate', 'well-formed Unicode'],
    ['end', 'recording_session_stream_ids', 'st-abc', 'an array of stream ids'],
    ['end', 'recording_session_stream_ids', { 0: 'st-abc' }, 'an array of stream ids'],
    ['end', 'recording_session_stream_ids', Array.from({ length: 101 }, () => 'st-abc'), 'at most 100 stream ids'],
    ['end', 'recording_session_stream_ids', ['st-abc', 7], 'a stream id'],
  ];
  it.each(recordingCases)(
    'given a %s, when %s is %j then the error names the field',
    (fixture, field, value, expected) => {
      const error = rejectionOf(withDetail(recordingFixtures[fixture], { [field]: value }));
      expect(error.reason).toBe('invalid_field');
      expect(error.field?.startsWith(`detail.${field}`)).toBe(true);
      expect(error.message).toContain(`detail.${field}`);
      expect(error.message).toContain(`must be ${expected}`);
    },
  );

  it('when recording_duration_ms is "abc" then the message says what was expected and what came', () => {
    expect(rejectionOf(withDetail(recordingFixtures.end, { recording_duration_ms: 'abc' })).message).toBe(
      'detail.recording_duration_ms must be a non-negative integer up to 2147483647, got "abc"',
    );
  });

  it('when the second stream id is bad then the error names its index', () => {
    const error = rejectionOf(withDetail(recordingFixtures.end, { recording_session_stream_ids: [FIRST_STREAM, 'x'] }));
    expect(error.field).toBe('detail.recording_session_stream_ids[1]');
  });

  it.each(['Recording Paused', 'RECORDING START', '', '__proto__', 'constructor', 'toString'])(
    'when recording_status is %j then it is an unknown recording_status',
    (status) => {
      const error = rejectionOf(withDetail(recordingFixtures.end, { recording_status: status }));
      expect(error.reason).toBe('unknown_recording_status');
      expect(error.message).toMatch(/^unknown recording_status/);
      expect(error.field).toBe('detail.recording_status');
    },
  );

  it('when recording_status is missing then the field is named', () => {
    const error = rejectionOf(withDetail(recordingFixtures.end, { recording_status: undefined }));
    expect([error.reason, error.field]).toEqual(['invalid_field', 'detail.recording_status']);
  });

  it('when a required field hides behind __proto__ then it still reads as missing', () => {
    const raw = copyOf(recordingFixtures.end);
    const { stream_id: _streamId, ...rest } = raw.detail;
    raw.detail = JSON.parse(
      `{"__proto__": {"stream_id": "${LAST_STREAM}"}, ${JSON.stringify(rest).slice(1)}`,
    ) as RawEvent['detail'];
    expect(rejectionOf(raw).field).toBe('detail.stream_id');
  });

  it('when extra fields are present, including __proto__, then they are ignored', () => {
    const raw = copyOf(recordingFixtures.end);
    const detail = JSON.parse(
      `{"__proto__": {"x": 1}, "extra": [1, {"deep": null}], ${JSON.stringify(raw.detail).slice(1)}`,
    ) as RawEvent['detail'];
    const withExtras = { ...raw, detail, 'replay-name': 'r1' };
    expect(parseIvsEvent(withExtras)).toEqual(parseIvsEvent(recordingFixtures.end));
  });
});

describe('given malformed stream details', () => {
  it.each(['Stream Paused', 'stream start', '', '__proto__', 'hasOwnProperty'])(
    'when event_name is %j then it is an unknown stream event',
    (name) => {
      const error = rejectionOf(withDetail(streamFixtures.streamStart, { event_name: name }));
      expect(error.reason).toBe('unknown_stream_event');
      expect(error.message).toMatch(/^unknown event_name/);
    },
  );
  it.each([
    ['event_name', undefined, 'detail.event_name must be a string'],
    ['stream_id', undefined, 'detail.stream_id must be a stream id'],
    ['stream_id', 'st-abc/def', 'detail.stream_id must be a stream id'],
    ['channel_name', 42, 'detail.channel_name must be a string'],
    ['reason', { text: 'x' }, 'detail.reason must be a string'],
    ['code', true, 'detail.code must be a string'],
  ])('when %s is %j then the error names the field', (field, value, message) => {
    const fixture = field === 'code' ? streamFixtures.sessionEnded : streamFixtures.streamFailure;
    const error = rejectionOf(withDetail(fixture, { [field]: value }));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.field).toBe(`detail.${field}`);
  });
  it('when the stream event names a stage instead of a channel then it is rejected', () => {
    const raw = withEnvelope(streamFixtures.streamStart, {
      resources: ['arn:aws:ivs:us-west-2:123456789012:stage/AbCdef1G2hij'],
    });
    expect(rejectionOf(raw).field).toBe('resources[0]');
  });
});

describe('given parseIvsEvent and tryParseIvsEvent', () => {
  it('when the event is bad then parseIvsEvent throws the error tryParseIvsEvent returns', () => {
    const raw = withDetail(recordingFixtures.end, { stream_id: 7 });
    const returned = rejectionOf(raw);
    expect(() => parseIvsEvent(raw)).toThrow(PermanentEventError);
    expect(() => parseIvsEvent(raw)).toThrow(returned.message);
  });
  it('when the event is good then both give the same event', () => {
    expect(tryParseIvsEvent(recordingFixtures.start)).toEqual({
      ok: true,
      event: parseIvsEvent(recordingFixtures.start),
    });
  });
});

describe('given ids whose stored keys would exceed what DynamoDB accepts', () => {
  // The record id is `<account>-<region>-<channelId>-<session id percent-encoded>`:
  // 36 bytes of prefix here, and "é" (2 bytes) becomes "%C3%A9" (6 bytes).
  it('when the recording session id fits its field but not the record id then the event is refused as key_too_long', () => {
    const sessionId = '\u00e9'.repeat(400); // 800 bytes as sent, 2400 + 36 in the record id
    const error = rejectionOf(withDetail(recordingFixtures.end, { recording_session_id: sessionId }));
    expect(error).toMatchObject({ reason: 'key_too_long', field: 'detail.recording_session_id' });
    expect(error.message).toBe(
      'Recording.id (table key, derived from the channel ARN and recording session id) would be 2436 bytes as stored; ' +
        'DynamoDB allows at most 2048 (from detail.recording_session_id)',
    );
  });
  it('when the record id is exactly 2048 bytes then the event is accepted', () => {
    const sessionId = `${'\u00e9'.repeat(335)}ab`; // 36 + 335 * 6 + 2 = 2048
    expect(parseIvsEvent(withDetail(recordingFixtures.end, { recording_session_id: sessionId }))).toMatchObject({
      recordingSessionId: sessionId,
    });
    const oneMore = `${'\u00e9'.repeat(335)}abc`;
    expect(rejectionOf(withDetail(recordingFixtures.end, { recording_session_id: oneMore })).reason).toBe(
      'key_too_long',
    );
  });
  it('when the longest ids every other field allows are sent then every key fits', () => {
    const longStream = `st-${'a'.repeat(1021)}`; // 1024 bytes: the field limit
    const event = parseIvsEvent(
      withDetail(recordingFixtures.end, {
        stream_id: longStream,
        recording_session_stream_ids: [longStream],
        recording_session_id: 'a'.repeat(1024),
      }),
    );
    expect(event.kind).toBe('recording');
  });
});

describe('given a stream list that repeats a stream', () => {
  it('when parsed then the repeat is refused with its index', () => {
    const error = rejectionOf(
      withDetail(recordingFixtures.end, { recording_session_stream_ids: [FIRST_STREAM, LAST_STREAM, FIRST_STREAM] }),
    );
    expect(error).toMatchObject({ reason: 'invalid_field', field: 'detail.recording_session_stream_ids[2]' });
    expect(error.message).toContain('a stream id not already in the list');
  });
});
