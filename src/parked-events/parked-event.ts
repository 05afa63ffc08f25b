/**
 * Events of a channel with no Profile yet are parked, not dropped: kept for a bounded
 * time in the ParkedEvent model (no client can read it), and replayed through the same
 * engine once the channel's profile exists (`replay-parked-events.ts`).
 */
import type { IvsEvent } from '../recording-engine/ivs-event';

/** How long a parked event waits for its channel's profile. Documented in the README. */
export const PARKED_EVENT_RETENTION_DAYS = 30;

/** The attribute DynamoDB's TTL deletes by (epoch seconds); set on the table in amplify/backend.ts. */
export const PARKED_EVENT_TTL_ATTRIBUTE = 'expiresAt';

/** The one value of `parkedQueue`: the index partition reconciliation queries. */
export const PARKED_QUEUE = 'PARKED';

const DAY_MS = 24 * 60 * 60 * 1000;

export type ParkedEvent = {
  /** The EventBridge event id: a duplicate delivery parks once. */
  readonly id: string;
  readonly channelArn: string;
  readonly eventId: string;
  /** The event as delivered, JSON text. */
  readonly event: string;
  /** ISO date-time. */
  readonly parkedAt: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
};

/** The parked form of an event that arrived at `nowMs` (epoch ms). */
export const parkedEventOf = (event: IvsEvent, raw: unknown, nowMs: number): ParkedEvent => ({
  id: event.eventId,
  channelArn: event.channelArn,
  eventId: event.eventId,
  event: JSON.stringify(raw),
  parkedAt: new Date(nowMs).toISOString(),
  expiresAt: Math.ceil((nowMs + PARKED_EVENT_RETENTION_DAYS * DAY_MS) / 1000),
});

/**
 * Past its retention. DynamoDB's TTL deletes expired items within days, not at once, so
 * readers check this themselves and never apply an expired event.
 */
export const isExpired = (parked: Pick<ParkedEvent, 'expiresAt'>, nowMs: number): boolean =>
  parked.expiresAt * 1000 <= nowMs;
