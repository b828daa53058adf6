import { rowOf, transpose, type SparsityPattern } from '../pattern.js';
import { ColoringOptionError, type ColoringPartition } from './coloring.js';

/**
 * Checks a coloring made by a function of the caller's before it is used: one integer color ≥ 0
 * per column (row, index); for columns (rows), no row (column) with two columns (rows) of one
 * color; for a symmetric partition, a star coloring (every entry readable directly). Otherwise a
 * `ColoringOptionError` saying which entries collide.
 */
export function checkValidColoring(
  p: SparsityPattern,
  colors: Int32Array,
  partition: ColoringPartition,
  operator: string,
): void {
  const size = partition === 'row' ? p.rows : p.cols;
  const fail = (why: string): never => {
    throw new ColoringOptionError(
      `${operator}: the coloring function's result cannot be used with partition '${partition}': ${why}.`,
    );
  };
  if (!(colors instanceof Int32Array) || colors.length !== size) {
    fail(`it must be an Int32Array of ${size} colors`);
  }
  if (colors.some((c) => c < 0)) fail('colors must be ≥ 0');
  if (partition === 'symmetric') {
    const unique = (i: number, c: number): boolean => {
      let k = 0;
      for (const j of rowOf(p, i)) if (colors[j] === c) k++;
      return k === 1;
    };
    for (let i = 0; i < p.rows; i++) {
      for (const j of rowOf(p, i)) {
        if (i !== j && colors[i] === colors[j])
          fail(`indices ${i} and ${j} are adjacent and share color ${colors[i]}`);
        if (!unique(i, colors[j]) && !unique(j, colors[i])) {
          fail(`entry (${i}, ${j}) cannot be read directly (not a star coloring)`);
        }
      }
    }
    return;
  }
  const q = partition === 'row' ? transpose(p) : p;
  const seen = new Int32Array(size + 1).fill(-1);
  for (let i = 0; i < q.rows; i++) {
    for (const j of rowOf(q, i)) {
      const c = colors[j];
      if (c < seen.length && seen[c] === i) {
        fail(`${partition === 'row' ? 'column' : 'row'} ${i} has two ${partition}s of color ${c}`);
      }
      if (c < seen.length) seen[c] = i;
    }
  }
}
