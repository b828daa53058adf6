/** What a tool hands the timing harness: a gradient at one fixed point. */
import type { CaseSpec } from '../cases.js';

/** One tool set up for one case. */
export interface Subject {
  /**
   * One gradient at the case's point, read back into a JavaScript typed array: the input already
   * lives in the tool's own array type (a tensor, a jax-js array), the output must be numbers.
   */
  readonly gradient: () => ArrayLike<number>;
  /** The floating-point type the tool computes in. */
  readonly dtype: 'float64' | 'float32';
  /** What the tool says about how it ran (pullback's `explain()`), if anything. */
  readonly note?: string;
}

/** Sets a tool up for a case at the point `x` (tracing, compiling or preparing as it does). */
export type MakeSubject = (c: CaseSpec, x: Float64Array) => Promise<Subject>;
