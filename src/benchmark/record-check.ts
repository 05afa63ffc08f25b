/**
 * Final records against the expected ones: what is missing, duplicated (two rows for
 * one logical record), different, or there without being expected.
 */
import { isDeepStrictEqual } from 'node:util';

export type RecordDiff = {
  expected: number;
  matched: number;
  /** Logical keys with no row. */
  missing: string[];
  /** Logical keys with more than one row, and how many rows too many in all. */
  duplicated: string[];
  extraRows: number;
  /** Logical keys whose (single) row differs, with the fields that differ. */
  mismatched: { key: string; fields: string[] }[];
  /** Rows whose logical key is not expected. */
  unexpected: number;
};

/** Picks `fields` from a stored row: undefined becomes null, as the expectations write it. */
export const pickFields = (row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));

export const diffRecords = <E extends Record<string, unknown>>(options: {
  expected: readonly E[];
  actual: readonly Record<string, unknown>[];
  /** The logical identity: (channel, recording session) for a Recording, the stream id for a session. */
  keyOf: (row: Record<string, unknown>) => string;
  /** The fields compared (id included or not: a handler that makes random ids is compared without it). */
  fields: readonly (keyof E & string)[];
  /** Per-field normalization of stored values (e.g. a null list read as []). */
  normalize?: (row: Record<string, unknown>) => Record<string, unknown>;
}): RecordDiff => {
  const normalize = options.normalize ?? ((row) => row);
  const rowsByKey = new Map<string, Record<string, unknown>[]>();
  for (const row of options.actual) {
    const key = options.keyOf(row);
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
  }
  const diff: RecordDiff = {
    expected: options.expected.length,
    matched: 0,
    missing: [],
    duplicated: [],
    extraRows: 0,
    mismatched: [],
    unexpected: 0,
  };
  const expectedKeys = new Set<string>();
  for (const expected of options.expected) {
    const key = options.keyOf(expected);
    expectedKeys.add(key);
    const rows = rowsByKey.get(key) ?? [];
    if (rows.length === 0) {
      diff.missing.push(key);
      continue;
    }
    if (rows.length > 1) {
      diff.duplicated.push(key);
      diff.extraRows += rows.length - 1;
      continue;
    }
    const want = pickFields(expected, options.fields);
    const got = pickFields(normalize(rows[0]!), options.fields);
    const fields = options.fields.filter((f) => !isDeepStrictEqual(want[f], got[f]));
    if (fields.length === 0) diff.matched++;
    else diff.mismatched.push({ key, fields });
  }
  for (const [key, rows] of rowsByKey) if (!expectedKeys.has(key)) diff.unexpected += rows.length;
  return diff;
};

export const isExact = (diff: RecordDiff): boolean =>
  diff.matched === diff.expected &&
  diff.missing.length === 0 &&
  diff.duplicated.length === 0 &&
  diff.mismatched.length === 0 &&
  diff.unexpected === 0;

/** One line: "412/412 exact" or what went wrong. */
export const describeDiff = (diff: RecordDiff): string => {
  if (isExact(diff)) return `${diff.matched}/${diff.expected} exact`;
  const parts = [`${diff.matched}/${diff.expected} exact`];
  if (diff.missing.length) parts.push(`${diff.missing.length} missing`);
  if (diff.duplicated.length) parts.push(`${diff.duplicated.length} duplicated (+${diff.extraRows} rows)`);
  if (diff.mismatched.length) {
    const fields = [...new Set(diff.mismatched.flatMap((m) => m.fields))].sort().join(', ');
    parts.push(`${diff.mismatched.length} wrong (${fields})`);
  }
  if (diff.unexpected) parts.push(`${diff.unexpected} unexpected rows`);
  return parts.join(', ');
};
