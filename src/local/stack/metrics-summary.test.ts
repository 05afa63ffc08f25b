import { describe, expect, it } from 'vitest';
import { MetricsSummary } from './metrics-summary';

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
      '[metrics IVSRecordings] received 100 | processed 1 | duplicate 0 | no profile 0 | ignored 0 | rejected 2 | retried 0 | failed 0 | duration p50 50 ms, p99 99 ms',
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
