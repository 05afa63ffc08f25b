import { describe, expect, it } from 'vitest';
import type { EventMetrics } from '../../event-processing/observability';
import { MetricsSummary, observedMetrics } from './metrics-summary';

describe('given a metrics summary', () => {
  it('when metrics are recorded then the line sums counts and gives duration percentiles', () => {
    const summary = new MetricsSummary();
    for (let i = 1; i <= 100; i++) {
      summary.record('EventsReceived', 'Count', 1);
      summary.record('ProcessingDuration', 'Milliseconds', i);
    }
    summary.record('EventsProcessed', 'Count', 1);
    summary.record('EventsRejected', 'Count', 2);
    expect(summary.render()).toBe(
      '[metrics IVSRecordings] received 100 | processed 1 | duplicate 0 | parked 0 | ignored 0 | rejected 2 | retried 0 | failed 0 | lifecycle events 0 | duration p50 50 ms, p99 99 ms',
    );
  });

  it('when nothing was recorded since the last render then it is not changed', () => {
    const summary = new MetricsSummary();
    expect(summary.changed).toBe(false);
    summary.record('EventsReceived', 'Count', 1);
    expect(summary.changed).toBe(true);
    summary.render();
    expect(summary.changed).toBe(false);
  });
});

describe('given the handler metrics wrapped for the summary', () => {
  it('when the handler emits then the inner metrics get every call unchanged and the summary counts it', () => {
    const calls: unknown[][] = [];
    const inner: EventMetrics = { addMetric: (...args) => calls.push(args) };
    const summary = new MetricsSummary();
    const metrics = observedMetrics(summary)(inner);

    metrics.addMetric('EventsReceived', 'Count', 1);
    metrics.addMetric('ProcessingDuration', 'Milliseconds', 12.5);

    expect(calls).toEqual([
      ['EventsReceived', 'Count', 1],
      ['ProcessingDuration', 'Milliseconds', 12.5],
    ]);
    expect(summary.render()).toMatch(/received 1 \|.*duration p50 13 ms/);
  });
});
