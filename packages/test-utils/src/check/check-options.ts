import type { FiniteDifferenceMethod } from '../fdm/fdm.js';

/** Options of `checkGradient`, `checkJacobian` and `toMatchFiniteDifferences`. */
export interface CheckOptions {
  /**
   * Relative tolerance; default `1e-7`. Looser than the rule testers' 1e-9 because the backend
   * under test may itself be `finiteDifferences()`, whose fixed relative step gives errors of
   * ~1e-10 relative; AD backends are exact to rounding. A wrong derivative is off by far more.
   */
  readonly rtol?: number;
  /** Absolute tolerance, for components that are 0; default `1e-8`. */
  readonly atol?: number;
  /** The finite-difference method of the reference; default `fdm()`. */
  readonly fdm?: FiniteDifferenceMethod;
  /** Extra arguments passed to `f` after `x`, held constant (as the operators do). */
  readonly rest?: readonly unknown[];
  /**
   * Accept a derivative the engine could only take by re-running `f` (or a function it calls)
   * as a black box with finite differences. Default `false`: the check fails, naming the
   * function, where it failed and why, since finite differences compared with finite
   * differences prove nothing about the AD path.
   */
  readonly allowFallback?: boolean;
}
