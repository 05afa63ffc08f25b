import { describe, expect, it } from 'vitest';
import { describeDiff, diffRecords, isExact } from './record-check';

type Rec = { id: string; key: string; status: string; ids: string[] };
const expected: Rec[] = [
  { id: '1', key: 'a', status: 'COMPLETED', ids: ['s1'] },
  { id: '2', key: 'b', status: 'FAILED', ids: [] },
];
const diff = (actual: Record<string, unknown>[], fields: (keyof Rec)[] = ['id', 'status', 'ids']) =>
  diffRecords({
    expected,
    actual,
    keyOf: (row) => String(row.key),
    fields,
    normalize: (row) => ({ ...row, ids: row.ids ?? [] }),
  });

describe('given expected records and the rows a run left', () => {
  it('when every row matches (after normalizing a null list) then the result is exact', () => {
    const result = diff([
      { id: '1', key: 'a', status: 'COMPLETED', ids: ['s1'], createdAt: 'x' },
      { id: '2', key: 'b', status: 'FAILED', ids: null },
    ]);
    expect(isExact(result)).toBe(true);
    expect(describeDiff(result)).toBe('2/2 exact');
  });

  it('when a record is missing, doubled, wrong or unexpected then each is reported', () => {
    const result = diff([
      { id: '1', key: 'a', status: 'STARTED', ids: ['s1'] },
      { id: '9', key: 'c', status: 'STARTED', ids: [] },
    ]);
    expect(result).toMatchObject({
      matched: 0,
      missing: ['b'],
      mismatched: [{ key: 'a', fields: ['status'] }],
      unexpected: 1,
    });
    const doubled = diff(
      [
        { id: 'x', key: 'a', status: 'COMPLETED', ids: ['s1'] },
        { id: 'y', key: 'a', status: 'COMPLETED', ids: ['s1'] },
        { id: '2', key: 'b', status: 'FAILED', ids: [] },
      ],
      ['status', 'ids'],
    );
    expect(doubled).toMatchObject({ matched: 1, duplicated: ['a'], extraRows: 1 });
    expect(isExact(doubled)).toBe(false);
    expect(describeDiff(doubled)).toBe('1/2 exact, 1 duplicated (+1 rows)');
  });

  it('when ids are left out of the comparison then a row with another id still matches', () => {
    expect(
      isExact(
        diff(
          [
            { id: 'r1', key: 'a', status: 'COMPLETED', ids: ['s1'] },
            { id: 'r2', key: 'b', status: 'FAILED', ids: [] },
          ],
          ['status', 'ids'],
        ),
      ),
    ).toBe(true);
  });
});
