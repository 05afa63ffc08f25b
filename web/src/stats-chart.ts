/**
 * The stats panel's pure parts: the range a "last N days" choice asks for, and the bar
 * geometry of the per-day series (an SVG in viewBox units; no chart library).
 */
import { formatDuration } from './record-format';

export const RANGE_CHOICES = [7, 30, 90] as const;
export type RangeChoice = (typeof RANGE_CHOICES)[number];

export type ChartMeasure = 'recordings' | 'recordedMs';

/** One day of the `recordingStats` answer. */
export type StatsDay = { day: string; recordings: number; recordedMs: number; failed: number };

const DAY_MS = 86_400_000;

/**
 * The last `days` UTC days, today included: from the midnight `days - 1` days before today's
 * to tomorrow's (the query's `to` is exclusive), so the series has exactly `days` bars.
 */
export const lastDays = (days: number, nowMs: number): { from: string; to: string } => {
  const tomorrow = Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
  return { from: new Date(tomorrow - days * DAY_MS).toISOString(), to: new Date(tomorrow).toISOString() };
};

/** The chart's viewBox: a slot per day, bars `BAR` wide, `HEIGHT` tall at the largest value. */
export const CHART = { slot: 10, bar: 8, height: 100 } as const;

export type DayBar = {
  day: string;
  x: number;
  /** From the bottom, in viewBox units: 0 for an empty day. */
  height: number;
  /** The failed recordings' part of the bar (recordings only). */
  failedHeight: number;
  value: number;
  /** What a pointer or a screen reader gets for the bar. */
  label: string;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const dayLabel = (d: StatsDay): string =>
  `${d.day}: ${plural(d.recordings, 'recording')}, ${formatDuration(d.recordedMs)} recorded, ${d.failed} failed`;

export const dayBars = (
  days: readonly StatsDay[],
  measure: ChartMeasure,
): { bars: DayBar[]; max: number; width: number } => {
  const valueOf = (d: StatsDay) => (measure === 'recordings' ? d.recordings : d.recordedMs);
  const max = days.reduce((m, d) => Math.max(m, valueOf(d)), 0);
  const scale = (v: number) => (max === 0 ? 0 : (v / max) * CHART.height);
  return {
    max,
    width: days.length * CHART.slot,
    bars: days.map((d, i) => ({
      day: d.day,
      x: i * CHART.slot + (CHART.slot - CHART.bar) / 2,
      height: scale(valueOf(d)),
      failedHeight: measure === 'recordings' ? scale(d.failed) : 0,
      value: valueOf(d),
      label: dayLabel(d),
    })),
  };
};
