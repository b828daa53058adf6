import { close } from '../numeric/compare.js';
import { formatNumber } from '../report/format.js';
import { LayoutMismatch, flatten } from '../tree/flatten.js';
import type { Layout } from '../tree/layout.js';

/** What a scenario's operator result is checked against, and how. */

/** `J·v` for a row-major `m × n` matrix. */
export function times(
  j: readonly number[],
  m: number,
  n: number,
  v: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) out[i] += j[i * n + k] * v[k];
  return out;
}

/** `Jᵀ·w`. */
export function timesTransposed(
  j: readonly number[],
  m: number,
  n: number,
  w: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) out[k] += j[i * n + k] * w[i];
  return out;
}

/** An expected result: its structure (a layout or a matrix's size) and its values. */
export interface Expected {
  readonly layout: Layout | { readonly matrix: [number, number] };
  readonly values: ArrayLike<number>;
}

/** `undefined` when `got` has the expected structure and values, else what is wrong. */
export function compare(
  got: unknown,
  want: Expected,
  rtol: number,
  atol: number,
  normwise: boolean,
): string | undefined {
  let values: Float64Array;
  if ('matrix' in want.layout) {
    const [rows, cols] = want.layout.matrix;
    const g = got as { rows?: unknown; cols?: unknown; data?: ArrayLike<number> };
    if (typeof g === 'object' && g !== null && 'rowPtr' in g) {
      // A CSR result of a sparse(...) backend: its entries off the pattern are zeros.
      const dense = densified(g, rows, cols);
      if (typeof dense === 'string') return dense;
      values = dense;
    } else if (
      typeof g !== 'object' ||
      g === null ||
      g.rows !== rows ||
      g.cols !== cols ||
      g.data?.length !== rows * cols
    ) {
      return `expected a ${rows}×${cols} matrix, got ${describeMatrix(g)}`;
    } else values = Float64Array.from(g.data);
  } else {
    try {
      values = flatten(want.layout, got);
    } catch (e) {
      if (e instanceof LayoutMismatch) return `wrong structure: ${e.message}`;
      throw e;
    }
  }
  // Finite differences err relative to the largest entry (round-off scales with the function),
  // so their results are judged against it; AD results entry by entry.
  let scale = 0;
  if (normwise)
    for (let i = 0; i < want.values.length; i++) scale = Math.max(scale, Math.abs(want.values[i]));
  for (let i = 0; i < values.length; i++) {
    if (!close(values[i], want.values[i], rtol, atol, rtol * scale)) {
      return `component ${i}: expected ${formatNumber(want.values[i])}, got ${formatNumber(values[i])}`;
    }
  }
  return undefined;
}

/** The row-major entries of a matrix result, dense `{ rows, cols, data }` or CSR. */
export function matrixEntries(m: unknown, rows: number, cols: number): Float64Array {
  if (typeof m === 'object' && m !== null && 'rowPtr' in m) {
    const dense = densified(m, rows, cols);
    if (typeof dense === 'string') throw new TypeError(dense);
    return dense;
  }
  return Float64Array.from((m as { data: ArrayLike<number> }).data);
}

/** The dense entries of a CSR matrix `{ rows, cols, rowPtr, colIdx, values }`, or what is wrong with it. */
function densified(g: object, rows: number, cols: number): Float64Array | string {
  const m = g as {
    rows?: unknown;
    cols?: unknown;
    rowPtr?: unknown;
    colIdx?: unknown;
    values?: unknown;
  };
  const { rowPtr, colIdx, values } = m;
  if (
    m.rows !== rows ||
    m.cols !== cols ||
    !(rowPtr instanceof Int32Array) ||
    rowPtr.length !== rows + 1 ||
    !(colIdx instanceof Int32Array) ||
    !(values instanceof Float64Array) ||
    values.length !== colIdx.length ||
    rowPtr[rows] !== colIdx.length
  ) {
    return `expected a ${rows}×${cols} sparse matrix (CSR), got ${String(m.rows)}×${String(m.cols)} with malformed rowPtr, colIdx or values`;
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      if (j < 0 || j >= cols) return `sparse matrix row ${i} has column ${j}, out of range`;
      out[i * cols + j] = values[k];
    }
  }
  return out;
}

function describeMatrix(
  g: { rows?: unknown; cols?: unknown; data?: ArrayLike<number> } | null,
): string {
  if (typeof g !== 'object' || g === null) return String(g);
  return `${String(g.rows)}×${String(g.cols)} with ${g.data?.length ?? 'no'} entries`;
}
