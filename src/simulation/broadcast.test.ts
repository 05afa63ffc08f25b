import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIvsEvent, RECORDING_STATE_CHANGE, STREAM_STATE_CHANGE } from '../recording-engine/ivs-event';
import { parseChannelArn } from '../recording-engine/channel-arn';
import {
  expectedRecords,
  recordingPrefix,
  simulateBroadcasts,
  type SimulatedEvent,
  type Simulation,
  type SimulationOptions,
} from './broadcast';
import { envelopeFromEntry, envelopeOf } from './envelope';
import { foldEvents } from './fold';

const START = Date.parse('2024-01-05T03:07:00Z');
const RUNS = { numRuns: 200 };

const simulate = (overrides: Partial<SimulationOptions> = {}): Simulation =>
  simulateBroadcasts({ seed: 42, channels: 3, broadcastsPerChannel: 4, startTime: START, ...overrides });

const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Seeds and shapes: small counts, any window, any outcome mix, both readings of reconnect Starts. */
const optionsArb = fc.record({
  seed: seedArb,
  channels: fc.integer({ min: 1, max: 4 }),
  broadcastsPerChannel: fc.integer({ min: 1, max: 4 }),
  startTime: fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
  reconnectRecordingStarts: fc.boolean(),
  streamFailureRate: fc.constantFrom(0, 0.1, 0.5),
  sessionEventRate: fc.constantFrom(0, 0.5, 1),
});

const detailOf = (event: SimulatedEvent): Record<string, unknown> =>
  JSON.parse(event.entry.Detail) as Record<string, unknown>;

/** The envelope EventBridge would deliver for an entry, built from the entry alone. */
const envelopeLikeEventBridge = (event: SimulatedEvent, index: number) => ({
  version: '0',
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  'detail-type': event.entry.DetailType,
  source: event.entry.Source,
  account: '123456789012',
  time: event.entry.Time.toISOString().replace('.000Z', 'Z'),
  region: 'us-east-1',
  resources: event.entry.Resources,
  detail: JSON.parse(event.entry.Detail) as unknown,
});

describe('simulateBroadcasts', () => {
  it('given the same seed and start, when simulated twice, then the events and expectations are identical', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        expect(simulateBroadcasts(options)).toEqual(simulateBroadcasts(options));
      }),
      { numRuns: 50 },
    );
  });

  it('given two different seeds, when simulated, then the channels differ', () => {
    expect(simulate({ seed: 1 }).channels).not.toEqual(simulate({ seed: 2 }).channels);
  });

  it('given any seed, when every entry is wrapped as EventBridge would, then parseIvsEvent accepts it with its facts', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const simulation = simulateBroadcasts(options);
        simulation.events.forEach((event, index) => {
          const parsed = parseIvsEvent(envelopeLikeEventBridge(event, index));
          expect(parsed.channelArn).toBe(event.channelArn);
          expect(parsed.streamId).toBe(event.streamId);
          expect(parsed.time).toBe(event.time);
          expect(parsed.source).toBe('custom.ivs.simulator');
        });
      }),
      RUNS,
    );
  });

  it('given the default options, when simulated, then entries carry the simulator source, one channel ARN and a whole-second Time', () => {
    const simulation = simulate();
    for (const event of simulation.events) {
      expect(event.entry.Source).toBe('custom.ivs.simulator');
      expect([RECORDING_STATE_CHANGE, STREAM_STATE_CHANGE]).toContain(event.entry.DetailType);
      expect(event.entry.Resources).toEqual([event.channelArn]);
      expect(event.entry.Time.getTime() % 1000).toBe(0);
      expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('given a custom source and bus, when simulated, then every entry uses them', () => {
    const simulation = simulate({ source: 'my.sandbox.ivs', eventBusName: 'default' });
    expect(
      simulation.events.every((e) => e.entry.Source === 'my.sandbox.ivs' && e.entry.EventBusName === 'default'),
    ).toBe(true);
  });

  it('given any seed, when simulated, then channels have real-shaped ARNs and ids have their real shapes', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const simulation = simulateBroadcasts(options);
        for (const channel of simulation.channels) {
          expect(channel.arn).toMatch(/^arn:aws:ivs:[a-z]{2}(-[a-z]+)+-\d:\d{12}:channel\/[A-Za-z0-9]{12}$/);
          expect(parseChannelArn(channel.arn)?.channelId).toBe(channel.channelId);
          expect(channel.name).not.toBe('');
        }
        for (const broadcast of simulation.broadcasts) {
          expect(broadcast.recordingSessionId).toMatch(/^[A-Za-z0-9]{16}$/);
          for (const id of broadcast.streamIds) expect(id).toMatch(/^st-[A-Za-z0-9]{23}$/);
        }
      }),
      RUNS,
    );
  });

  it('given any seed, when simulated, then event times ascend in true order and trueOrder numbers them', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const { events } = simulateBroadcasts(options);
        events.forEach((event, index) => {
          expect(event.trueOrder).toBe(index);
          if (index > 0) expect(event.time >= events[index - 1]!.time).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it("given any seed, when simulated, then a recording lists all its streams in order, its End names the last stream and every prefix is the first stream's", () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const simulation = simulateBroadcasts(options);
        for (const broadcast of simulation.broadcasts) {
          const recordingEvents = simulation.events.filter(
            (e) => e.recordingKey === broadcast.recordingKey && e.detailType === RECORDING_STATE_CHANGE,
          );
          const streamStarts = simulation.events.filter(
            (e) => e.recordingKey === broadcast.recordingKey && e.name === 'Stream Start',
          );
          expect(streamStarts.map((e) => e.streamId)).toEqual(broadcast.streamIds);
          const firstStart = streamStarts[0]!;
          for (const event of recordingEvents) {
            const detail = detailOf(event);
            expect(detail.recording_session_id).toBe(broadcast.recordingSessionId);
            expect(detail.recording_s3_key_prefix).toBe(broadcast.s3KeyPrefix);
          }
          if (broadcast.outcome === 'start_failure') {
            expect(broadcast.streamIds).toHaveLength(1);
            expect(recordingEvents.map((e) => e.name)).toEqual(['Recording Start Failure']);
            const detail = detailOf(recordingEvents[0]!);
            expect(detail).toMatchObject({
              recording_status_reason: 'ValidationException',
              recording_s3_key_prefix: '',
              recording_duration_ms: 0,
              stream_id: broadcast.streamIds[0],
            });
            continue;
          }
          const channel = parseChannelArn(broadcast.channelArn)!;
          const start = new Date(firstStart.time);
          expect(broadcast.s3KeyPrefix).toMatch(
            new RegExp(
              `^ivs/v1/${channel.account}/${channel.channelId}/${start.getUTCFullYear()}/${start.getUTCMonth() + 1}/` +
                `${start.getUTCDate()}/${start.getUTCHours()}/\\d{2}/[A-Za-z0-9]{12}$`,
            ),
          );
          const end = recordingEvents[recordingEvents.length - 1]!;
          const endDetail = detailOf(end);
          expect(end.name).toBe(broadcast.outcome === 'success' ? 'Recording End' : 'Recording End Failure');
          expect(endDetail.stream_id).toBe(broadcast.streamIds[broadcast.streamIds.length - 1]);
          expect(endDetail.recording_session_stream_ids).toEqual(broadcast.streamIds);
          expect(endDetail.recording_status_reason).toBe(
            broadcast.outcome === 'success' ? '' : 'InternalServerException',
          );
          if (broadcast.outcome === 'end_failure') expect(endDetail.recording_duration_ms).toBe(0);
          const starts = recordingEvents.filter((e) => e.name === 'Recording Start');
          expect(detailOf(starts[0]!).stream_id).toBe(broadcast.streamIds[0]);
          expect(starts).toHaveLength(options.reconnectRecordingStarts ? broadcast.streamIds.length : 1);
        }
      }),
      RUNS,
    );
  });

  it('given any seed, when simulated, then a recording ends at least its reconnect window after its last Stream End, and merged reconnects come within the window', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const simulation = simulateBroadcasts(options);
        const seconds = (iso: string): number => Date.parse(iso) / 1000;
        for (const broadcast of simulation.broadcasts) {
          const own = simulation.events.filter((e) => e.recordingKey === broadcast.recordingKey);
          const streamEnds = own.filter((e) => e.name === 'Stream End').map((e) => seconds(e.time));
          const streamStarts = own.filter((e) => e.name === 'Stream Start').map((e) => seconds(e.time));
          for (let i = 1; i < streamStarts.length; i += 1) {
            expect(streamStarts[i]! - streamEnds[i - 1]!).toBeLessThan(broadcast.reconnectWindowSeconds);
          }
          const end = own.find((e) => e.name === 'Recording End' || e.name === 'Recording End Failure');
          if (end) {
            expect(seconds(end.time) - Math.max(...streamEnds)).toBeGreaterThanOrEqual(
              broadcast.reconnectWindowSeconds,
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('given a merged success, when its End is read, then the duration is the sum of its streams in whole seconds', () => {
    const simulation = simulate({ seed: 3, channels: 4, broadcastsPerChannel: 6, reconnectWindowSeconds: 300 });
    const merged = simulation.broadcasts.filter((b) => b.outcome === 'success' && b.streamIds.length > 1);
    expect(merged.length).toBeGreaterThan(0);
    for (const broadcast of merged) {
      const own = simulation.events.filter((e) => e.recordingKey === broadcast.recordingKey);
      const at = (name: string) => own.filter((e) => e.name === name).map((e) => Date.parse(e.time));
      const starts = at('Stream Start');
      const total = at('Stream End').reduce((sum, end, i) => sum + end - starts[i]!, 0);
      const end = own.find((e) => e.name === 'Recording End')!;
      expect(detailOf(end).recording_duration_ms).toBe(total);
      expect(total % 1000).toBe(0);
    }
  });

  it('given a window of 0, when simulated, then no broadcast merges streams', () => {
    const simulation = simulate({ reconnectWindowSeconds: 0, broadcastsPerChannel: 8 });
    expect(simulation.broadcasts.every((b) => b.streamIds.length === 1)).toBe(true);
  });

  it('given outcome weights of one kind, when simulated, then every broadcast has that outcome', () => {
    for (const outcome of ['success', 'start_failure', 'end_failure'] as const) {
      const weights = { success: 0, start_failure: 0, end_failure: 0, [outcome]: 1 };
      expect(simulate({ outcomeWeights: weights }).broadcasts.every((b) => b.outcome === outcome)).toBe(true);
    }
  });

  it('given any seed, when the events are folded through the engine in true order, then the records equal the expectations', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const simulation = simulateBroadcasts(options);
        expect(foldEvents(simulation.events.map(envelopeOf))).toEqual(expectedRecords(simulation));
      }),
      RUNS,
    );
  });

  it('given a fixed simulation, when its expectations are read, then each outcome has its statuses, reasons and stream sessions', () => {
    const simulation = simulate({ seed: 11, channels: 5, broadcastsPerChannel: 6, streamFailureRate: 0.3 });
    const outcomes = new Set(simulation.broadcasts.map((b) => b.outcome));
    expect(outcomes).toEqual(new Set(['success', 'start_failure', 'end_failure']));
    for (const { outcome, expected, streamIds, s3KeyPrefix } of simulation.broadcasts) {
      const { recording } = expected;
      expect(recording.streamSessionId).toBe(streamIds[0]);
      expect(new Set(recording.streamIds)).toEqual(new Set(streamIds));
      expect(recording.startTime).not.toBeNull();
      if (outcome === 'success') {
        expect(recording).toMatchObject({ recordingStatus: 'COMPLETED', recordingStatusReason: null, s3KeyPrefix });
        expect(recording.recordingDurationMs).toBeGreaterThan(0);
        expect(recording.endTime! > recording.startTime!).toBe(true);
      } else if (outcome === 'start_failure') {
        expect(recording).toMatchObject({
          recordingStatus: 'FAILED',
          recordingStatusReason: 'ValidationException',
          s3KeyPrefix: null,
          recordingDurationMs: null,
          endTime: null,
        });
      } else {
        expect(recording).toMatchObject({
          recordingStatus: 'FAILED',
          recordingStatusReason: 'InternalServerException',
          s3KeyPrefix,
          recordingDurationMs: null,
        });
      }
      expect(expected.streamSessions.map((s) => s.id)).toEqual(streamIds);
      for (const session of expected.streamSessions) {
        expect(['ENDED', 'FAILED']).toContain(session.status);
        expect(session.statusReason === null).toBe(session.status === 'ENDED');
        expect(session.duration).toBe(Date.parse(session.endTime!) - Date.parse(session.startTime!));
      }
    }
    expect(simulation.broadcasts.some((b) => b.expected.streamSessions.some((s) => s.status === 'FAILED'))).toBe(true);
  });

  it('given a stream with session noise, when simulated, then Session Created and Session Ended are stream events the engine ignores', () => {
    const simulation = simulate({ sessionEventRate: 1 });
    const names = new Set(simulation.events.map((e) => e.name));
    expect(names.has('Session Created')).toBe(true);
    expect(names.has('Session Ended')).toBe(true);
    const quiet = simulateBroadcasts({
      seed: 42,
      channels: 3,
      broadcastsPerChannel: 4,
      startTime: START,
      sessionEventRate: 0,
    });
    expect(quiet.events.some((e) => e.name === 'Session Created' || e.name === 'Session Ended')).toBe(false);
  });

  it('given bad options, when simulated, then it throws a RangeError', () => {
    expect(() => simulate({ channels: 0 })).toThrow(RangeError);
    expect(() => simulate({ maxStreamsPerBroadcast: 6 })).toThrow(RangeError);
    expect(() => simulate({ reconnectWindowSeconds: 301 })).toThrow(RangeError);
    expect(() => simulate({ outcomeWeights: { success: 0, start_failure: 0, end_failure: 0 } })).toThrow(RangeError);
    expect(() => simulate({ account: '12345' })).toThrow(RangeError);
    expect(() => simulate({ startTime: Number.NaN })).toThrow(RangeError);
  });
});

describe('recordingPrefix', () => {
  it('given a start in January on the 5th at 03:07, when the prefix is built, then month, day and hour are not padded', () => {
    expect(
      recordingPrefix('123456789012', 'AbCdef1G2hij', Date.parse('2024-01-05T03:07:59Z') / 1000, 'j8Z9O91ndcVs'),
    ).toBe('ivs/v1/123456789012/AbCdef1G2hij/2024/1/5/3/07/j8Z9O91ndcVs');
  });

  it('given the documented example time, when the prefix is built, then it equals the documented prefix', () => {
    expect(
      recordingPrefix('123456789012', 'AbCdef1G2hij', Date.parse('2020-06-23T20:12:00Z') / 1000, 'j8Z9O91ndcVs'),
    ).toBe('ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs');
  });

  it('given the simulation starts on 2024-01-05, when simulated, then the first prefixes have no padded month or day', () => {
    const first = simulate().broadcasts.find((b) => b.s3KeyPrefix !== '')!;
    expect(first.s3KeyPrefix).toMatch(/^ivs\/v1\/\d{12}\/[A-Za-z0-9]{12}\/2024\/1\/[5-9]\//);
  });
});

describe('envelopeFromEntry', () => {
  it("given a simulated entry, when wrapped, then the envelope has the channel's account and region and a time without milliseconds", () => {
    const event = simulate().events[0]!;
    const arn = parseChannelArn(event.channelArn)!;
    const envelope = envelopeFromEntry(event.entry, { id: 'x' });
    expect(envelope).toMatchObject({
      version: '0',
      id: 'x',
      account: arn.account,
      region: arn.region,
      resources: [event.channelArn],
    });
    expect(envelope.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(envelope.detail).toEqual(JSON.parse(event.entry.Detail));
  });
});
