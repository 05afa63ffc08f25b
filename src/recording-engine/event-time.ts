/**
 * EventBridge `time` values: RFC 3339 in, one canonical form out.
 *
 * Every time is stored as `Date#toISOString()` (UTC, milliseconds, `Z`), so times
 * from different events compare correctly as plain strings, which the state merges rely on.
 */

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The canonical ISO string for an RFC 3339 date-time, or null when it is not one.
 * `Date` alone is too lenient (it rolls Feb 30 over to March), so fields are checked first.
 * Leap seconds (":60") are rejected: EventBridge does not emit them and `Date` cannot hold them.
 */
export const normaliseRfc3339 = (value: string): string | null => {
  const match = RFC_3339.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, , , oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return null;
  const millis = Date.parse(value.replace(/[t ]/, 'T').replace(/z$/, 'Z'));
  if (Number.isNaN(millis)) return null;
  const iso = new Date(millis).toISOString();
  // Keep to four-digit years after 1970 so string order is time order.
  return /^(19[7-9]\d|[2-9]\d{3})-/.test(iso) ? iso : null;
};

/** The UTC day (`YYYY-MM-DD`) of an instant in epoch ms. */
export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);
