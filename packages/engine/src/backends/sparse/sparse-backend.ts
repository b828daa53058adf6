import { BackendOptionError } from '../../errors.js';
import {
  checkSparseOptions,
  type Backend,
  type CompileOptions,
  type FirstOrderBackend,
} from '../backend.js';
import type { FallbackOptions } from '../../fallback/events.js';
import { describe } from '../../tree/describe.js';
import type { Differentiand } from '../../api/types.js';
import {
  checkColoringOptions,
  type Coloring,
  type ColoringOptions,
  type ColoringPartition,
} from '../../sparsity/coloring/coloring.js';
import { checkPattern, type SparsityPattern } from '../../sparsity/pattern.js';

/**
 * How `sparse` finds a pattern: `'global'` (default: valid everywhere; where it cannot be found,
 * the local detector instead, reported), `'local'` (valid at the point, detected again where a
 * branch changes), a pattern you know, or a function of yours returning one (taken to hold
 * everywhere).
 */
export type SparsityDetector =
  | 'global'
  | 'local'
  | SparsityPattern
  | ((f: Differentiand, x: unknown, rest: readonly unknown[]) => SparsityPattern);

/**
 * A coloring function of yours: given the pattern and the partition the products need
 * (`'column'` for pushforwards, `'row'` for pullbacks, `'symmetric'` for Hessians), one color
 * per column (row, index), or a `Coloring`. It is checked before use.
 */
export type ColoringFunction = (
  pattern: SparsityPattern,
  partition: ColoringPartition,
) => Int32Array | Coloring;

/** Options of `sparse`. */
export interface SparseOptions extends FallbackOptions, CompileOptions {
  /** How the sparsity pattern is found; default `'global'`. */
  readonly detector?: SparsityDetector;
  /**
   * How products are grouped: `coloring`'s options (default: column partition for forward
   * mode, row partition for reverse mode, symmetric star coloring for Hessians) or a function.
   * `algorithm: 'star' | 'acyclic'` applies to Hessians; Jacobians of the same backend color
   * greedily.
   */
  readonly coloring?: ColoringOptions | ColoringFunction;
}

/**
 * Compressed differentiation (DifferentiationInterface's `AutoSparse`): `jacobian` and
 * `hessian` detect the sparsity pattern, color it so that one product per color gives every
 * structural non-zero, and return a `SparseMatrix` (CSR). Other operators use `dense` unchanged.
 */
export interface SparseBackend extends SparseOptions {
  readonly kind: 'sparse';
  /** The backend that computes the compressed products, and every operator other than `jacobian` and `hessian`. */
  readonly dense: Backend;
}

/**
 * Wraps `dense` for compressed Jacobians and Hessians: `jacobian(f, sparse(forward()), x)`
 * returns a CSR `SparseMatrix` from one pushforward per color. See `SparseOptions` for the
 * detector and coloring; a pattern is never used where it may not hold (a prepared one is
 * checked at each new point and detected again when a branch changed, reported).
 */
export function sparse(
  dense: FirstOrderBackend | Backend,
  options: SparseOptions = {},
): SparseBackend {
  checkSparseOptions(dense, options);
  const { detector, coloring } = options;
  if (typeof detector === 'string' && detector !== 'global' && detector !== 'local') {
    throw new BackendOptionError(
      'sparse',
      'detector',
      `sparse(dense, { detector }): detector must be 'global', 'local', a sparsity pattern or a function returning one, got ${describe(detector)}.`,
    );
  }
  if (typeof detector === 'object')
    checkPattern(detector, 'sparse(dense, { detector })', 'detector');
  if (typeof coloring === 'object') {
    // The partition depends on the operator (Hessians are symmetric): checked fully when planning.
    const symmetric = coloring.algorithm === 'star' || coloring.algorithm === 'acyclic';
    checkColoringOptions(
      { partition: symmetric ? 'symmetric' : 'column', ...coloring },
      'sparse(dense, { coloring })',
    );
  }
  return { ...options, kind: 'sparse', dense };
}

/**
 * `b` when it evaluates Jacobians and Hessians compressed (a `sparse(…)` backend), else
 * `undefined`: the operators ask this instead of naming the backend.
 */
export function compressing(b: { readonly kind: string }): SparseBackend | undefined {
  return b.kind === 'sparse' ? (b as SparseBackend) : undefined;
}
