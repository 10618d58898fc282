/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export type Cell = string | number;

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (cell: Cell): string => (typeof cell === 'number' ? fixed(cell) : cell);
  const cells = [header, ...rows.map((row) => row.map(text))];
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[], numeric: (column: number) => boolean): string =>
    row
      .map((cell, column) =>
        numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const isNumber = (column: number): boolean =>
    rows.length > 0 && rows.every((row) => typeof row[column] === 'number');
  return [
    line(header, isNumber),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map((row) => line(row, isNumber)),
  ].join('\n');
}

function fixed(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
