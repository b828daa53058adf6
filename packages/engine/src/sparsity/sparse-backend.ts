import type { Real } from '@pullback/rules-core';
import {
  checkSparseOptions,
  type Backend,
  type CompileOptions,
  type FirstOrderBackend,
} from '../backends.js';
import type { FallbackOptions } from '../fallback.js';
import type { Differentiand } from '../operators/types.js';
import type { SparsityPattern } from './detect.js';

/** How `sparse` finds a pattern: the tracer, or a function of your own. */
export type SparsityDetector =
  'tracer' | ((f: Differentiand, x: unknown, rest: readonly unknown[]) => SparsityPattern);

/** How `sparse` groups columns: greedy distance-1 coloring, or a function returning one color per column. */
export type ColoringAlgorithm = 'greedy' | ((pattern: SparsityPattern) => Int32Array);

/** Options of `sparse`. */
export interface SparseOptions extends FallbackOptions, CompileOptions {
  /** How the sparsity pattern is found; by default the tracer. */
  readonly detector?: SparsityDetector;
  /** How columns are grouped into colors; by default greedy. */
  readonly coloring?: ColoringAlgorithm;
}

/**
 * Compressed differentiation (DifferentiationInterface's `AutoSparse`): `jacobian` and
 * `hessian` detect the sparsity pattern, color the columns so columns of one color never share
 * a row, and need one pushforward (or hvp) per color instead of one per input. Other operators
 * use `dense` unchanged.
 */
export interface SparseBackend extends SparseOptions {
  readonly kind: 'sparse';
  /** The backend that computes the compressed columns, and every operator other than `jacobian` and `hessian`. */
  readonly dense: Backend;
}

/** Wraps `dense` for compressed Jacobians and Hessians. */
export function sparse(
  dense: FirstOrderBackend | Backend,
  options: SparseOptions = {},
): SparseBackend {
  checkSparseOptions(dense, options);
  return { ...options, kind: 'sparse', dense };
}

/** A Jacobian or Hessian rebuilt from compressed products: `entry(i, j)` for every structural non-zero. */
export function decompress(
  pattern: SparsityPattern,
  entry: (row: number, col: number) => Real,
): { rows: number; cols: number; data: Float64Array } {
  const data = new Float64Array(pattern.rows * pattern.cols);
  pattern.entries.forEach((row, i) => {
    for (const j of row) data[i * pattern.cols + j] = entry(i, j) as number;
  });
  return { rows: pattern.rows, cols: pattern.cols, data };
}
