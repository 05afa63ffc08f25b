/** How the page writes times and durations: short, unambiguous, the same for every row. */

/** "2026-11-23 20:12:05 UTC": one zone for everyone, so two people compare the same text. */
export const formatTime = (iso: string | null | undefined): string => {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};

/** "2026-11-23": the UTC day, for dates a day's precision tells enough (an expiry). */
export const formatDate = (iso: string | null | undefined): string => {
  const time = formatTime(iso);
  return /^\d{4}-\d\d-\d\d /.test(time) ? time.slice(0, 10) : time;
};

/** "1h 02m 05s", "30m 34s", "45s", "0s"; the dash when unknown. */
export const formatDuration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
};
