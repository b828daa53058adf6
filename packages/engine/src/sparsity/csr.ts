import type { Matrix } from '@pullback/rules-core';
import { PullbackError } from '@pullback/rules-core';
import type { SparsityPattern } from './pattern.js';
import { checkPattern } from './pattern.js';
import { withPaths, type MatrixPaths } from '../api/matrix-paths.js';

/**
 * A sparse matrix in compressed sparse row layout: a sparsity pattern with the value of each
 * structural non-zero (`values[k]` at row `i`, column `colIdx[k]`, for `rowPtr[i] ≤ k <
 * rowPtr[i + 1]`). What `jacobian` and `hessian` return with a `sparse(...)` backend; a
 * structural non-zero may hold the value 0.
 */
export interface SparseMatrix extends SparsityPattern {
  /** The value of each structural non-zero, aligned with `colIdx`. */
  readonly values: Float64Array;
}

/** Thrown by `toDense` when its argument is not a sparse matrix. */
export class SparseMatrixError extends PullbackError {}

/**
 * The dense row-major matrix `{ rows, cols, data }` of a sparse one (zeros off the pattern),
 * keeping its `rowPaths` and `colPaths` when it has them.
 */
export function toDense(m: SparseMatrix): Matrix<Float64Array> & Partial<MatrixPaths> {
  const p = checkPattern(m, 'toDense', 'm');
  if (!(m.values instanceof Float64Array) || m.values.length !== p.colIdx.length) {
    throw new SparseMatrixError(
      `toDense: m.values must be a Float64Array with one value per structural non-zero (${p.colIdx.length}).`,
    );
  }
  const data = new Float64Array(p.rows * p.cols);
  for (let i = 0; i < p.rows; i++) {
    for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++)
      data[i * p.cols + p.colIdx[k]] = m.values[k];
  }
  const dense = { rows: p.rows, cols: p.cols, data };
  const labels = m as Partial<MatrixPaths>;
  return labels.rowPaths !== undefined && labels.colPaths !== undefined
    ? withPaths(dense, labels.rowPaths, labels.colPaths)
    : dense;
}
