/**
 * The event EventBridge would hand to a target for a simulated entry, for in-process
 * use (tests, benchmarks that skip HTTP). PutEvents fills id, account, region and
 * drops the milliseconds of Time; the account and region default to the channel's.
 */
import type { EventEnvelope } from '../eventbridge/envelope';
import { parseChannelArn } from '../recording-engine/channel-arn';
import type { SimulatedEntry, SimulatedEvent } from './broadcast';

export type SimulatedEnvelope = EventEnvelope;

export const envelopeFromEntry = (
  entry: SimulatedEntry,
  context: { id: string; account?: string; region?: string },
): SimulatedEnvelope => {
  const arn = parseChannelArn(entry.Resources[0] ?? '');
  return {
    version: '0',
    id: context.id,
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: context.account ?? arn?.account ?? '123456789012',
    time: entry.Time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: context.region ?? arn?.region ?? 'us-east-1',
    resources: [...entry.Resources],
    detail: JSON.parse(entry.Detail) as Record<string, unknown>,
  };
};

/** The envelope of a simulated event, with its own simulated event id. */
export const envelopeOf = (event: SimulatedEvent): SimulatedEnvelope =>
  envelopeFromEntry(event.entry, { id: event.eventId });
