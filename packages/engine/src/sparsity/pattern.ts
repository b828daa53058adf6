import { PullbackError } from '@pullback/rules-core';
import { describe } from '../tree/describe.js';

/**
 * A sparsity pattern in compressed sparse row (CSR) layout: row `i` (an output component, or a
 * gradient component for Hessians) has its structural non-zeros in the columns
 * `colIdx[rowPtr[i] .. rowPtr[i + 1])`, sorted and without repeats. It is what
 * `jacobianSparsity` and `hessianSparsity` return and what `coloring` and `coloringSvg` take;
 * a `SparseMatrix` is a pattern with values, so it can be passed wherever a pattern is.
 */
export interface SparsityPattern {
  /** Number of rows (output components). */
  readonly rows: number;
  /** Number of columns (input components). */
  readonly cols: number;
  /** `rows + 1` offsets into `colIdx`; `rowPtr[0] = 0`, `rowPtr[rows]` = the number of non-zeros. */
  readonly rowPtr: Int32Array;
  /** The column of each structural non-zero, row after row, sorted within each row. */
  readonly colIdx: Int32Array;
}

/** Thrown when a value given as a sparsity pattern is not one (unsorted columns, an index out of range, …). */
export class SparsityPatternError extends PullbackError {}

/** A pattern from the sorted column lists of its rows. */
export function patternFromRows(cols: number, rows: readonly ArrayLike<number>[]): SparsityPattern {
  const rowPtr = new Int32Array(rows.length + 1);
  let nnz = 0;
  rows.forEach((r, i) => (rowPtr[i + 1] = nnz += r.length));
  const colIdx = new Int32Array(nnz);
  rows.forEach((r, i) => colIdx.set(r, rowPtr[i]));
  return { rows: rows.length, cols, rowPtr, colIdx };
}

/** The columns of row `i` (a view: do not write). */
export function rowOf(p: SparsityPattern, i: number): Int32Array {
  return p.colIdx.subarray(p.rowPtr[i], p.rowPtr[i + 1]);
}

/** Number of structural non-zeros. */
export function nonZeros(p: SparsityPattern): number {
  return p.rowPtr[p.rows];
}

/** The transpose (column `j`'s rows become row `j`), in CSR again. */
export function transpose(p: SparsityPattern): SparsityPattern {
  const rowPtr = new Int32Array(p.cols + 1);
  const nnz = nonZeros(p);
  for (let k = 0; k < nnz; k++) rowPtr[p.colIdx[k] + 1]++;
  for (let j = 0; j < p.cols; j++) rowPtr[j + 1] += rowPtr[j];
  const next = rowPtr.slice(0, p.cols);
  const colIdx = new Int32Array(nnz);
  // Rows are visited in order, so each transposed row comes out sorted.
  for (let i = 0; i < p.rows; i++) {
    for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++) colIdx[next[p.colIdx[k]]++] = i;
  }
  return { rows: p.cols, cols: p.rows, rowPtr, colIdx };
}

/**
 * Checks that `p` is a well-formed pattern (`operator` names the caller in the message): integer
 * sizes, `rowPtr` of length `rows + 1` from 0 and non-decreasing, columns in range and strictly
 * increasing within each row.
 */
export function checkPattern(p: unknown, operator: string, what = 'pattern'): SparsityPattern {
  const fail = (why: string): never => {
    throw new SparsityPatternError(
      `${operator}: ${what} is not a sparsity pattern: ${why}. A pattern is ` +
        '{ rows, cols, rowPtr: Int32Array, colIdx: Int32Array } in CSR layout, as ' +
        'jacobianSparsity and hessianSparsity return.',
    );
  };
  if (typeof p !== 'object' || p === null) return fail(`got ${describe(p)}`);
  const { rows, cols, rowPtr, colIdx } = p as Partial<SparsityPattern>;
  if (!Number.isInteger(rows) || (rows as number) < 0) return fail('rows is not a count');
  if (!Number.isInteger(cols) || (cols as number) < 0) return fail('cols is not a count');
  if (!(rowPtr instanceof Int32Array) || rowPtr.length !== (rows as number) + 1) {
    return fail(`rowPtr must be an Int32Array of length rows + 1 = ${(rows as number) + 1}`);
  }
  if (!(colIdx instanceof Int32Array)) return fail('colIdx must be an Int32Array');
  if (rowPtr[0] !== 0 || rowPtr[rows as number] !== colIdx.length) {
    return fail('rowPtr must start at 0 and end at colIdx.length');
  }
  for (let i = 0; i < (rows as number); i++) {
    if (rowPtr[i + 1] < rowPtr[i]) return fail(`rowPtr decreases at row ${i}`);
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      if (j < 0 || j >= (cols as number)) return fail(`row ${i} has column ${j}, out of range`);
      if (k > rowPtr[i] && j <= colIdx[k - 1]) {
        return fail(`the columns of row ${i} are not strictly increasing`);
      }
    }
  }
  return p as SparsityPattern;
}

/** `p ∪ pᵀ`: a square pattern made symmetric (a Hessian pattern given as one triangle). */
export function symmetrized(p: SparsityPattern): SparsityPattern {
  const t = transpose(p);
  const rows: number[][] = [];
  for (let i = 0; i < p.rows; i++) {
    const merged = new Set<number>([...rowOf(p, i), ...rowOf(t, i)]);
    rows.push([...merged].sort((a, b) => a - b));
  }
  return patternFromRows(p.cols, rows);
}
