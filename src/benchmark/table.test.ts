import { describe, expect, it } from 'vitest';
import { fmt, renderMarkdown, renderPlain, type Table } from './table';

const table: Table = {
  headers: ['event', 'requests', 'items'],
  rows: [
    ['Stream Start', 2, 1.25],
    ['a|b', 10, Number.NaN],
  ],
};

describe('given a table of results', () => {
  it('when rendered as Markdown then the header, an alignment rule and escaped cells come out', () => {
    expect(renderMarkdown(table)).toBe(
      [
        '| event | requests | items |',
        '| :--- | ---: | ---: |',
        '| Stream Start | 2 | 1.3 |',
        '| a\\|b | 10 | n/a |',
      ].join('\n'),
    );
  });

  it('when rendered plain then numbers are right-aligned under their header', () => {
    expect(renderPlain(table).split('\n')).toEqual([
      'event         requests  items',
      '------------  --------  -----',
      'Stream Start         2    1.3',
      'a|b                 10    n/a',
    ]);
  });

  it('when a row has the wrong number of cells then rendering throws', () => {
    expect(() => renderMarkdown({ headers: ['a', 'b'], rows: [['x']] })).toThrow(/1 cells/);
  });

  it('when numbers are formatted then integers stay whole and others get the asked decimals', () => {
    expect([fmt(3), fmt(2.345, 2), fmt(Infinity)]).toEqual(['3', '2.35', 'n/a']);
  });
});
