/**
 * The time range of a `recordingStats` request: parsed once at the boundary into canonical
 * ISO times (the form every stored time has, so string order is time order), or refused
 * with a StatsRangeError naming what is wrong. Pure.
 */
import { normaliseRfc3339, utcDay } from '../recording-engine/event-time';

/** The longest range one request may cover: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;

/** Bad input: never retried, nothing read. */
export class StatsRangeError extends Error {
  override readonly name = 'StatsRangeError';
}

/**
 * `[from, to)`: a recording counts when `from <= recordedAt < to`. Half-open, so ranges
 * that meet at midnight never count a recording twice and `to` at midnight adds no day.
 */
export type StatsRange = {
  readonly from: string;
  readonly to: string;
  readonly fromMs: number;
  readonly toMs: number;
};

const parseTime = (name: 'from' | 'to', value: unknown): string => {
  if (typeof value !== 'string' || value === '') throw new StatsRangeError(`${name} must be an ISO 8601 date-time`);
  const iso = normaliseRfc3339(value);
  if (iso === null) {
    throw new StatsRangeError(`${name} must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z, got "${value}"`);
  }
  return iso;
};

export const parseStatsRange = (input: { from: unknown; to: unknown }): StatsRange => {
  const from = parseTime('from', input.from);
  const to = parseTime('to', input.to);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (fromMs >= toMs) throw new StatsRangeError(`from (${from}) must be before to (${to})`);
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) {
    throw new StatsRangeError(
      `the range may cover at most ${MAX_RANGE_DAYS} days, got ${((toMs - fromMs) / DAY_MS).toFixed(1)} (${from} to ${to})`,
    );
  }
  return { from, to, fromMs, toMs };
};

/** Every UTC day the range touches, in order: the day of `from` to the day of its last millisecond. */
export const daysOf = (range: StatsRange): string[] => {
  const days: string[] = [];
  const last = utcDay(range.toMs - 1);
  // Midnight of the first day, then a day at a time (UTC days are all 86 400 000 ms).
  for (let at = Date.parse(`${utcDay(range.fromMs)}T00:00:00.000Z`); ; at += DAY_MS) {
    const day = utcDay(at);
    days.push(day);
    if (day === last) return days;
  }
};

/** Whether an ISO time lies in the range (half-open). */
export const inRange = (range: StatsRange, iso: string): boolean => {
  const at = Date.parse(iso);
  return at >= range.fromMs && at < range.toMs;
};
