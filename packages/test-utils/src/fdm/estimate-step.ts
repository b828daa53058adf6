import type { FiniteDifferenceMethod } from './fdm.js';
import { estimateStepOf } from './step-selection.js';

/** A step for a finite-difference method and the error bound it achieves. */
export interface StepEstimate {
  /** The step `h`. */
  readonly step: number;
  /** Estimated absolute error of the derivative computed with that step. */
  readonly accuracy: number;
}

/**
 * The step `method` would use to differentiate `f` at `x`, and an estimate of the resulting
 * error (FiniteDifferences.jl's `estimate_step`). With adaptation, this evaluates `f` on a
 * wider stencil to measure the higher derivatives that set the truncation error.
 *
 * @example
 * ```ts
 * const { step, accuracy } = estimateStep(fdm(), Math.sin, 1); // step ≈ 1e-3, accuracy ≈ 1e-13
 * ```
 */
export function estimateStep(
  method: FiniteDifferenceMethod,
  f: (t: number) => number | ArrayLike<number>,
  x: number,
): StepEstimate {
  return estimateStepOf(method, f, x);
}
