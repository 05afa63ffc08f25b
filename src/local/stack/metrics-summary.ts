import type { EventMetrics } from '../../event-processing/observability';

/** Counts and durations as the handler emits them, rendered as one readable line. */
export class MetricsSummary {
  private readonly countsByName = new Map<string, number>();
  private readonly durations: number[] = [];
  private version = 0;
  private renderedVersion = 0;

  record(name: string, unit: 'Count' | 'Milliseconds', value: number): void {
    if (unit === 'Milliseconds') this.durations.push(value);
    else this.countsByName.set(name, (this.countsByName.get(name) ?? 0) + value);
    this.version++;
  }

  /** The counts so far, by metric name. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.countsByName);
  }

  /** True when something was recorded since the last render. */
  get changed(): boolean {
    return this.version !== this.renderedVersion;
  }

  render(): string {
    this.renderedVersion = this.version;
    const count = (name: string) => this.countsByName.get(name) ?? 0;
    const sorted = [...this.durations].sort((a, b) => a - b);
    const percentile = (p: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    const parts = [
      `received ${count('EventsReceived')}`,
      `processed ${count('EventsProcessed')}`,
      `duplicate ${count('EventsSkippedDuplicate')}`,
      `parked ${count('EventsParked')}`,
      `ignored ${count('EventsIgnored')}`,
      `rejected ${count('EventsRejected')}`,
      `retried ${count('EventsRetried')}`,
      `failed ${count('EventsFailed')}`,
      `lifecycle events ${count('LifecycleEventsPublished')}`,
      `duration p50 ${percentile(50).toFixed(0)} ms, p99 ${percentile(99).toFixed(0)} ms`,
    ];
    return `[metrics IVSRecordings] ${parts.join(' | ')}`;
  }
}

/** The handler's metrics, passed on unchanged and also recorded in the summary. */
export const observedMetrics =
  (summary: MetricsSummary) =>
  (inner: EventMetrics): EventMetrics => ({
    addMetric: (name, unit, value) => {
      inner.addMetric(name, unit, value);
      summary.record(name, unit, value);
    },
  });
