import type { LiveLabel } from './live-status';
import { hasMore, loadingFirstPages } from './record-feed';
import { formatDuration, formatTime } from './record-format';
import type { ProfileRow, RecordingRow, SessionRow } from './records-state';
import { useRecords } from './use-records';
import { ChannelPanel } from './channel-panel';
import { GettingStarted } from './getting-started';
import { useState } from 'react';
import { RecordingPlayer } from './recording-player';
import { StatsPanel } from './stats-panel';

type Props = { email: string; local: boolean; pageSize: number; onSignOut: () => void };

/** Status text with a colour that never carries the meaning alone. */
const Status = ({ value }: { value: string | null | undefined }) => (
  <span className={`status status-${(value ?? 'unknown').toLowerCase()}`}>{value ?? '—'}</span>
);

/**
 * A cell that phones show as "label: value" (the table header is hidden there). The
 * explicit roles keep the table's semantics when CSS stacks the rows: browsers drop them
 * for table elements that are no longer displayed as a table.
 */
const Cell = ({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) => (
  <td role="cell" data-label={label} className={className}>
    {children}
  </td>
);

const RECORDING_COLUMNS = [
  'Recording session',
  'Status',
  'Start',
  'End',
  'Duration',
  'Failure reason',
  'Merged streams',
  'Playback',
] as const;
const SESSION_COLUMNS = ['Stream', 'Status', 'Start', 'End', 'Duration', 'Failure reason'] as const;

/** Explicit table roles: the phone layout stacks rows as blocks, which drops the implicit ones. */
const TableHead = ({ columns }: { columns: readonly string[] }) => (
  <thead role="rowgroup">
    <tr role="row">
      {columns.map((column) => (
        <th key={column} scope="col" role="columnheader">
          {column}
        </th>
      ))}
    </tr>
  </thead>
);

const RecordingsTable = ({ rows, onPlay }: { rows: readonly RecordingRow[]; onPlay: (id: string) => void }) => (
  <div className="table-box">
    <table role="table">
      <TableHead columns={RECORDING_COLUMNS} />
      <tbody role="rowgroup">
        {rows.map((r) => (
          <tr role="row" key={r.id} data-record-id={r.id}>
            <th scope="row" role="rowheader" data-label="Recording session">
              {r.recordingSessionId}
            </th>
            <Cell label="Status">
              <Status value={r.recordingStatus} />
            </Cell>
            <Cell label="Start">{formatTime(r.startTime)}</Cell>
            <Cell label="End">{formatTime(r.endTime)}</Cell>
            <Cell label="Duration">{formatDuration(r.recordingDurationMs)}</Cell>
            <Cell label="Failure reason" className="reason">
              {r.recordingStatusReason || '—'}
            </Cell>
            <Cell label="Merged streams">
              {r.streamIds?.length ? (
                <ul className="stream-ids">{r.streamIds.map((id) => id && <li key={id}>{id}</li>)}</ul>
              ) : (
                '—'
              )}
            </Cell>
            <Cell label="Playback">
              {r.recordingStatus === 'STARTED' ? (
                '—'
              ) : (
                <button
                  type="button"
                  onClick={() => onPlay(r.id)}
                  aria-label={`${r.recordingStatus === 'FAILED' ? 'Details of' : 'Play'} ${r.recordingSessionId}`}
                >
                  {r.recordingStatus === 'FAILED' ? 'Details' : 'Play'}
                </button>
              )}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const SessionsTable = ({ rows }: { rows: readonly SessionRow[] }) => (
  <div className="table-box">
    <table role="table">
      <TableHead columns={SESSION_COLUMNS} />
      <tbody role="rowgroup">
        {rows.map((s) => (
          <tr role="row" key={s.id} data-record-id={s.id}>
            <th scope="row" role="rowheader" data-label="Stream">
              {s.streamId}
            </th>
            <Cell label="Status">
              <Status value={s.status} />
            </Cell>
            <Cell label="Start">{formatTime(s.startTime)}</Cell>
            <Cell label="End">{formatTime(s.endTime)}</Cell>
            <Cell label="Duration">{formatDuration(s.duration)}</Cell>
            <Cell label="Failure reason" className="reason">
              {s.statusReason || '—'}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const LoadMore = ({ label, onClick, busy }: { label: string; onClick: () => void; busy: boolean }) => (
  <button type="button" className="load-more" onClick={onClick} disabled={busy} aria-label={label}>
    {busy ? 'Loading…' : 'Load more'}
  </button>
);

const LIVE_TEXT: Record<LiveLabel, string> = {
  on: 'Live updates on',
  connecting: 'Connecting live updates…',
  interrupted: 'Live updates interrupted: reconnecting…',
};

const channelsText = (profiles: readonly ProfileRow[]) =>
  profiles.map((p) => p.channelName || p.channelArn.split('/').pop() || p.channelArn).join(', ');

export const RecordsPage = ({ email, local, pageSize, onSignOut }: Props) => {
  const { state, live, loadMoreSessions, loadMoreRecordings } = useRecords(pageSize);
  const { profiles, sessions, recordings } = state;
  const [playing, setPlaying] = useState<string | null>(null);
  const busy = state.loading > 0;
  const firstLoad = profiles === null || loadingFirstPages(recordings) || loadingFirstPages(sessions);
  return (
    <>
      <header className="top">
        <h1>IVS recordings</h1>
        <p className="who">
          Signed in as <strong>{email}</strong>
        </p>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        {state.error && (
          <p role="alert" className="error">
            Could not load your records: {state.error}
          </p>
        )}
        <p role="status" className={`live live-${live}`}>
          {LIVE_TEXT[live]}
        </p>
        {state.liveError && (
          <p role="alert" className="warning">
            Live updates are not arriving ({state.liveError}). Reload the page to see changes.
          </p>
        )}
        {profiles !== null && <ChannelPanel profiles={profiles} />}
        {profiles === null ? (
          !state.error && <p aria-busy="true">Loading your channels…</p>
        ) : profiles.length === 0 ? (
          <GettingStarted kind="no-channel" email={email} local={local} profiles={profiles} />
        ) : (
          <>
            <p className="channels">
              {profiles.length === 1 ? 'Channel' : 'Channels'}: {channelsText(profiles)}.{' '}
              <span className="note">Newest first among the rows loaded.</span>
            </p>
            {playing && <RecordingPlayer key={playing} recordingId={playing} onClose={() => setPlaying(null)} />}
            <StatsPanel changeKey={recordings.rows.map((r) => `${r.id}@${r.version}`).join(',')} />
            <section aria-labelledby="recordings-heading">
              <h2 id="recordings-heading">Recordings</h2>
              {recordings.rows.length > 0 ? (
                <RecordingsTable rows={recordings.rows} onPlay={setPlaying} />
              ) : firstLoad ? (
                <p aria-busy="true">Loading…</p>
              ) : (
                <GettingStarted kind="no-recordings" email={email} local={local} profiles={profiles} />
              )}
              {hasMore(recordings) && !loadingFirstPages(recordings) && (
                <LoadMore label="Load more recordings" onClick={loadMoreRecordings} busy={busy} />
              )}
            </section>
            <section aria-labelledby="sessions-heading">
              <h2 id="sessions-heading">Stream sessions</h2>
              {sessions.rows.length > 0 ? (
                <SessionsTable rows={sessions.rows} />
              ) : (
                !firstLoad && <p>No stream sessions yet.</p>
              )}
              {hasMore(sessions) && !loadingFirstPages(sessions) && (
                <LoadMore label="Load more stream sessions" onClick={loadMoreSessions} busy={busy} />
              )}
            </section>
          </>
        )}
      </main>
    </>
  );
};
