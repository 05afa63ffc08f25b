/** Plain tables for the terminal and Markdown tables for docs/benchmarks.md. */

export type Align = 'left' | 'right';
export type Table = { headers: string[]; rows: (string | number)[][]; align?: Align[] };

/** A number for a table: integers as they are, others with `digits` decimals; NaN as "n/a". */
export const fmt = (value: number, digits = 1): string => {
  if (!Number.isFinite(value)) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
};

const cells = (table: Table): string[][] =>
  table.rows.map((row) => {
    if (row.length !== table.headers.length) {
      throw new Error(`A row has ${row.length} cells, the table has ${table.headers.length} columns`);
    }
    return row.map((cell) => (typeof cell === 'number' ? fmt(cell) : cell));
  });

const alignOf = (table: Table, column: number): Align => table.align?.[column] ?? (column === 0 ? 'left' : 'right');

/** A GitHub Markdown table; pipes inside cells are escaped. */
export const renderMarkdown = (table: Table): string => {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const line = (values: string[]) => `| ${values.map(escape).join(' | ')} |`;
  const rule = table.headers.map((_, i) => (alignOf(table, i) === 'right' ? '---:' : ':---'));
  return [line(table.headers), `| ${rule.join(' | ')} |`, ...cells(table).map(line)].join('\n');
};

/** Columns padded to their widest cell, for a terminal. */
export const renderPlain = (table: Table): string => {
  const body = cells(table);
  const widths = table.headers.map((header, i) => Math.max(header.length, ...body.map((row) => row[i]!.length)));
  const pad = (values: string[]) =>
    values
      .map((value, i) => (alignOf(table, i) === 'right' ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [pad(table.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(pad)].join('\n');
};
