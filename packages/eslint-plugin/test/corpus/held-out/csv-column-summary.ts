// corpus: clean
// about: parses a numeric CSV column with Number and parseFloat, summarises it and formats it with toFixed and template literals; plain numbers, never differentiated
export interface ColumnSummary {
  readonly name: string;
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export function parseColumn(csv: string, column: string): number[] {
  const [header, ...rows] = csv.trim().split('\n');
  const index = header.split(',').indexOf(column);
  if (index < 0) throw new Error(`no column named ${column}`);
  return rows.map((row) => row.split(',')[index]).map((cell) => (cell.includes('e') ? parseFloat(cell) : Number(cell))).filter((v) => Number.isFinite(v));
}

export function summarize(name: string, values: readonly number[]): ColumnSummary {
  const total = values.reduce((s, v) => s + v, 0);
  return { name, count: values.length, mean: total / values.length, min: Math.min(...values), max: Math.max(...values) };
}

export function describe(s: ColumnSummary): string {
  return `${s.name}: n=${s.count} mean=${s.mean.toFixed(3)} range=[${s.min}, ${s.max}] (` + String(+(s.max - s.min).toPrecision(3)) + ')';
}
