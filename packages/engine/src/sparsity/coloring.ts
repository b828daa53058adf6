import type { SparsityPattern } from './detect.js';

/**
 * Greedy distance-1 coloring of the column intersection graph (SparseMatrixColorings' default
 * for Jacobians): two columns get different colors when some row has both, so the columns of one
 * color can be summed into a single Jacobian-vector product and separated again. Columns are
 * visited largest-first, which usually needs fewer colors.
 */
export function colorColumns(pattern: SparsityPattern): Int32Array {
  const { cols, entries } = pattern;
  const rowsOfColumn: number[][] = Array.from({ length: cols }, () => []);
  entries.forEach((row, i) => row.forEach((j) => rowsOfColumn[j].push(i)));
  const order = Array.from({ length: cols }, (_, j) => j).sort(
    (a, b) => rowsOfColumn[b].length - rowsOfColumn[a].length || a - b,
  );
  const colors = new Int32Array(cols).fill(-1);
  const forbidden = new Int32Array(cols + 1).fill(-1);
  for (const j of order) {
    for (const i of rowsOfColumn[j])
      for (const k of entries[i]) if (colors[k] >= 0) forbidden[colors[k]] = j;
    let c = 0;
    while (forbidden[c] === j) c++;
    colors[j] = c;
  }
  return colors;
}

/** Number of colors used. */
export function colorCount(colors: Int32Array): number {
  let max = -1;
  for (const c of colors) max = Math.max(max, c);
  return max + 1;
}
