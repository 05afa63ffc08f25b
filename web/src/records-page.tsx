import type { LiveLabel } from './live-status';
import { hasMore, loadingFirstPages } from './record-feed';
import { formatDuration, formatTime } from './record-format';
import type { ProfileRow, RecordingRow, SessionRow } from './records-state';
import { useRecords } from './use-records';
import { ChannelPanel } from './channel-panel';
import { GettingStarted } from './getting-started';
import { RecordingPlayer } from './recording-player';
import { StatsPanel } from './stats-panel';
import { offersPlayer, recordingRowView, type PurgeState, type RecordingRowView } from './recording-row';
import { usePurges } from './use-purges';
import { Fragment, useEffect, useRef, useState } from 'react';

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
  'Media',
] as const;
const SESSION_COLUMNS = ['Stream', 'Status', 'Start', 'End', 'Duration', 'Failure reason'] as const;

/**
 * Text that wraps at its spaces only: a day ("2026-11-30") never breaks at its hyphens when
 * a narrow column wraps. One element, as the phone layout's cells need.
 */
const Words = ({ text }: { text: string }) => (
  <span>
    {text.split(' ').map((word, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: the words of one fixed text, in order
      <Fragment key={i}>
        {i > 0 && ' '}
        <span className="nowrap">{word}</span>
      </Fragment>
    ))}
  </span>
);

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

const PlaybackCell = ({
  row,
  view,
  onPlay,
}: {
  row: RecordingRow;
  view: RecordingRowView;
  onPlay: (id: string) => void;
}) => {
  switch (view.playback.kind) {
    case 'none':
      return null;
    case 'play':
    case 'details': {
      const details = view.playback.kind === 'details';
      return (
        <button
          type="button"
          onClick={() => onPlay(row.id)}
          aria-label={`${details ? 'Details of' : 'Play'} ${row.recordingSessionId}`}
        >
          {details ? 'Details' : 'Play'}
        </button>
      );
    }
    case 'deleting':
    case 'deleted':
      return (
        <span className={`deletion deletion-${view.playback.kind}`} aria-busy={view.playback.kind === 'deleting'}>
          <Words text={view.playback.text} />
        </span>
      );
  }
};

type DeleteHandlers = { onAsk: (id: string) => void; onCancel: (id: string) => void; onConfirm: (id: string) => void };

/**
 * Delete, asked inline (no window.confirm): the confirm button takes the focus, and Cancel
 * gives it back to Delete, so a keyboard user stays in place.
 */
const DeleteAction = ({
  row,
  view,
  onAsk,
  onCancel,
  onConfirm,
}: { row: RecordingRow; view: RecordingRowView } & DeleteHandlers) => {
  const confirmButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const previous = useRef(view.delete.kind);
  useEffect(() => {
    if (view.delete.kind === 'confirm') confirmButton.current?.focus();
    else if (previous.current === 'confirm' && view.delete.kind === 'offer') deleteButton.current?.focus();
    previous.current = view.delete.kind;
  }, [view.delete.kind]);
  const name = row.recordingSessionId;
  const offer = (
    <button type="button" ref={deleteButton} onClick={() => onAsk(row.id)} aria-label={`Delete ${name}`}>
      Delete
    </button>
  );
  switch (view.delete.kind) {
    case 'none':
      return null;
    case 'offer':
      return offer;
    case 'confirm':
      return (
        <fieldset aria-label={`Confirm deleting ${name}`} className="confirm-delete">
          <span>Delete all its media?</span>
          <button type="button" ref={confirmButton} className="danger" onClick={() => onConfirm(row.id)}>
            Delete for good
          </button>
          <button type="button" onClick={() => onCancel(row.id)}>
            Cancel
          </button>
        </fieldset>
      );
    case 'deleting':
      // In flight: the row's "Deleting…" says so, in place of Play.
      return null;
    case 'refused':
      return (
        <>
          {offer}
          <span role="alert" className="error">
            Could not delete: {view.delete.message}
          </span>
        </>
      );
  }
};

const RecordingsTable = ({
  rows,
  onPlay,
  purgeOf,
  ...handlers
}: {
  rows: readonly RecordingRow[];
  onPlay: (id: string) => void;
  purgeOf: (id: string) => PurgeState;
} & DeleteHandlers) => (
  <div className="table-box">
    <table role="table">
      <TableHead columns={RECORDING_COLUMNS} />
      <tbody role="rowgroup">
        {rows.map((r) => {
          const view = recordingRowView(r, purgeOf(r.id));
          return (
            <tr role="row" key={r.id} data-record-id={r.id}>
              <th scope="row" role="rowheader" data-label="Recording session">
                {r.recordingSessionId}
              </th>
              <Cell label="Status">
                <Status value={r.recordingStatus} />
              </Cell>
              <Cell label="Start">
                <Words text={formatTime(r.startTime)} />
              </Cell>
              <Cell label="End">
                <Words text={formatTime(r.endTime)} />
              </Cell>
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
              <Cell label="Media">
                {/* One child: the phone layout's cell is a grid of label and value. */}
                <div className="row-actions">
                  <PlaybackCell row={r} view={view} onPlay={onPlay} />
                  <DeleteAction row={r} view={view} {...handlers} />
                  {view.expiry && (
                    <span className="expiry" title={view.expiry.exact}>
                      <Words text={view.expiry.text} />
                    </span>
                  )}
                  {view.playback.kind === 'none' && view.delete.kind === 'none' && !view.expiry && '—'}
                </div>
              </Cell>
            </tr>
          );
        })}
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
  const { purgeOf, ask, cancel, confirm } = usePurges();
  // The player closes once the recording's deletion began (here or elsewhere).
  const playingRow = playing === null ? undefined : recordings.rows.find((r) => r.id === playing);
  const showPlayer = playingRow !== undefined && offersPlayer(recordingRowView(playingRow, purgeOf(playingRow.id)));
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
            {showPlayer && (
              <RecordingPlayer key={playingRow.id} recordingId={playingRow.id} onClose={() => setPlaying(null)} />
            )}
            <StatsPanel changeKey={recordings.rows.map((r) => `${r.id}@${r.version}`).join(',')} />
            <section aria-labelledby="recordings-heading">
              <h2 id="recordings-heading">Recordings</h2>
              {recordings.rows.length > 0 ? (
                <RecordingsTable
                  rows={recordings.rows}
                  onPlay={setPlaying}
                  purgeOf={purgeOf}
                  onAsk={ask}
                  onCancel={cancel}
                  onConfirm={(id) => void confirm(id)}
                />
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
