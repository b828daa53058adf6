import type { Differentiand, Input } from '../operators/types.js';
import type { UserFunction } from '../passes/run.js';
import { hessianSparsity as hessianPattern } from './compressed.js';
import { jacobianSparsity as jacobianPattern, type SparsityPattern } from './detect.js';

/**
 * The Jacobian sparsity pattern of `f` at `x`: for each output component, the input components
 * it may depend on, found by running `f` once on tracers (the talk's `T <: Real` with index sets).
 */
export function jacobianSparsity(f: Differentiand, x: Input, ...rest: unknown[]): SparsityPattern {
  return jacobianPattern(f as UserFunction, x, rest);
}

/** The Hessian sparsity pattern of a scalar `f` at `x`: tracers through a reverse-mode gradient. */
export function hessianSparsity(f: Differentiand, x: Input, ...rest: unknown[]): SparsityPattern {
  return hessianPattern(f as UserFunction, x, rest);
}
