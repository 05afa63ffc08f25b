import { generateClient } from 'aws-amplify/data';
import { useEffect, useState } from 'react';
import type { Schema } from '../../amplify/data/resource';
import { formatDuration } from './record-format';
import { CHART, dayBars, lastDays, RANGE_CHOICES, type ChartMeasure, type RangeChoice } from './stats-chart';

type Client = ReturnType<typeof generateClient<Schema>>;
type Stats = NonNullable<Schema['recordingStats']['returnType']>;

/** How long the panel waits for changes to stop before reading the stats again. */
const STATS_SETTLE_MS = 300;

const client: { current?: Client } = {};
const dataClient = (): Client => (client.current ??= generateClient<Schema>());

const messageOf = (errors: readonly { message: string }[] | undefined, fallback: string) =>
  errors?.map((e) => e.message).join('; ') || fallback;

const Total = ({ label, value, name }: { label: string; value: string | number; name: string }) => (
  <div className="stat">
    <dt>{label}</dt>
    <dd data-stat={name}>{value}</dd>
  </div>
);

/** The per-day series as bars: the SVG is a picture (role img, one label); each bar has its own title. */
const DayChart = ({ stats, measure }: { stats: Stats; measure: ChartMeasure }) => {
  const { bars, max, width } = dayBars(stats.days, measure);
  const first = stats.days[0]?.day ?? '';
  const last = stats.days.at(-1)?.day ?? '';
  const maxText = measure === 'recordings' ? String(max) : formatDuration(max);
  return (
    <figure className="stats-chart">
      <svg
        role="img"
        aria-label={`${measure === 'recordings' ? 'Recordings' : 'Recorded time'} per day, ${bars.length} days from ${first} to ${last}; the tallest bar is ${maxText}`}
        viewBox={`0 0 ${width} ${CHART.height}`}
        preserveAspectRatio="none"
      >
        {bars.map((bar) => (
          <g key={bar.day} data-day={bar.day} data-value={bar.value}>
            <title>{bar.label}</title>
            {/* The whole slot answers the pointer, so an empty day still shows its title. */}
            <rect className="slot" x={bar.x - 1} y={0} width={CHART.slot} height={CHART.height} />
            <rect className="bar" x={bar.x} y={CHART.height - bar.height} width={CHART.bar} height={bar.height} />
            {bar.failedHeight > 0 && (
              <rect
                className="bar-failed"
                x={bar.x}
                y={CHART.height - bar.failedHeight}
                width={CHART.bar}
                height={bar.failedHeight}
              />
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <span>{first}</span>
        <span>
          {measure === 'recordings' ? 'Recordings per day (failed in red)' : 'Recorded time per day'}, tallest:{' '}
          {maxText}
        </span>
        <span>{last}</span>
      </figcaption>
    </figure>
  );
};

/**
 * The signed-in user's recording stats (the `recordingStats` query, their own recordings only):
 * totals, a bar per UTC day and the failure reasons over the last 7, 30 or 90 days. Read again
 * when the range changes, when `changeKey` changes (a recording was written: live updates) and
 * on "Refresh".
 */
export const StatsPanel = ({ changeKey }: { changeKey: string }) => {
  const [days, setDays] = useState<RangeChoice>(7);
  const [measure, setMeasure] = useState<ChartMeasure>('recordings');
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: changeKey and asked only say when to read again
  useEffect(() => {
    let current = true;
    setBusy(true);
    // A burst of live updates (a broadcast's events) asks once, after it settles.
    const timer = setTimeout(() => {
      void dataClient()
        .queries.recordingStats(lastDays(days, Date.now()))
        .then(({ data, errors }) => {
          if (!current) return;
          if (data) {
            setStats(data);
            setError(null);
          } else setError(messageOf(errors, 'no stats came back'));
        })
        .catch((e: unknown) => {
          if (current) setError(messageOf((e as { errors?: { message: string }[] }).errors, String(e)));
        })
        .finally(() => current && setBusy(false));
    }, STATS_SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [days, changeKey, asked]);

  return (
    <section aria-labelledby="stats-heading" className="stats-panel" aria-busy={busy}>
      <h2 id="stats-heading">Recording stats</h2>
      <div className="stats-controls">
        <fieldset>
          <legend>Range</legend>
          {RANGE_CHOICES.map((n) => (
            <label key={n}>
              <input type="radio" name="stats-range" checked={days === n} onChange={() => setDays(n)} /> Last {n} days
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Chart</legend>
          <label>
            <input
              type="radio"
              name="stats-measure"
              checked={measure === 'recordings'}
              onChange={() => setMeasure('recordings')}
            />{' '}
            Recordings
          </label>
          <label>
            <input
              type="radio"
              name="stats-measure"
              checked={measure === 'recordedMs'}
              onChange={() => setMeasure('recordedMs')}
            />{' '}
            Recorded time
          </label>
        </fieldset>
        <button type="button" onClick={() => setAsked((n) => n + 1)} disabled={busy}>
          {busy ? 'Loading…' : 'Refresh stats'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          Could not load the stats: {error}
        </p>
      )}
      {stats && (
        <>
          <dl className="stats-totals" aria-label="Totals">
            <Total label="Recordings" name="recordings" value={stats.recordings} />
            <Total label="Recorded time" name="recorded-time" value={formatDuration(stats.recordedMs)} />
            <Total label="Completed" name="completed" value={stats.byStatus.completed} />
            <Total label="Failed" name="failed" value={stats.byStatus.failed} />
            <Total label="In progress" name="started" value={stats.byStatus.started} />
            <Total label="Average duration" name="average" value={formatDuration(stats.averageDurationMs)} />
            <Total label="Longest" name="longest" value={formatDuration(stats.longestDurationMs)} />
            <Total label="Merged reconnects" name="reconnects" value={stats.mergedReconnects} />
            {stats.deleted > 0 && <Total label="Deleted" name="deleted" value={stats.deleted} />}
          </dl>
          <DayChart stats={stats} measure={measure} />
          <h3 id="failure-reasons-heading">Failure reasons</h3>
          {stats.failureReasons.length === 0 ? (
            <p>No failures in this range.</p>
          ) : (
            <ul aria-labelledby="failure-reasons-heading" className="failure-reasons">
              {stats.failureReasons.map((r) => (
                <li key={r.reason ?? ''}>
                  <span className="reason">{r.reason ?? 'No reason given'}</span>: {r.count}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
};
