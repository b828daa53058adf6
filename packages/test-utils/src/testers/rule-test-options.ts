import type { RuleConfig } from '@pullback/rules-core';
import type { FiniteDifferenceMethod } from '../fdm/fdm.js';

/** Options of `testFrule`, `testRrule` and `testScalar`. */
export interface RuleTestOptions {
  /**
   * One tangent per argument for the frule (and for the frule/rrule agreement check);
   * default: random, drawn from `seed`, with entries of magnitude in [0.5, 1.5) so no
   * direction is left untested. Use `noTangent` for non-differentiable arguments.
   */
  readonly tangents?: readonly unknown[];
  /** The cotangent `dy` handed to the pullback; default: random, like `tangents`. */
  readonly cotangent?: unknown;
  /**
   * Indices of arguments without a tangent space (integers such as indices or sizes), in
   * addition to the function's own `nondiff`. They are held fixed, get `noTangent` as tangent,
   * and their cotangent must be `noTangent`. Strings, booleans, functions and `null` are
   * recognised without being listed.
   */
  readonly nondiff?: readonly number[];
  /**
   * Relative tolerance. Default `1e-9`: the adaptive 5-point finite differences used as the
   * reference are accurate to ~1e-12 relative on well-scaled smooth functions (see the README),
   * so 1e-9 leaves a margin of about 1000 against false alarms, while a wrong rule (a sign, a
   * factor, a swapped argument) is off by O(1).
   */
  readonly rtol?: number;
  /**
   * Absolute tolerance. Default `1e-9`, for components whose true value is 0, where
   * finite differences leave round-off of about `1e-16·|f| / h ≈ 1e-13·|f|`.
   */
  readonly atol?: number;
  /**
   * The finite-difference method. Default `fdm({ maxRange: 1e-2 })` (the 5-point central
   * method with step adaptation, as ChainRulesTestUtils): the stencil stays within 0.01 of the
   * point, so functions with a restricted domain can be tested close to its edge.
   */
  readonly fdm?: FiniteDifferenceMethod;
  /** Seed of the random tangents and cotangents. Default 1. Reports print it. */
  readonly seed?: number;
  /**
   * `2` also checks that the rules are themselves differentiable (needed for higher-order
   * derivatives): derivatives of the frule's tangent and of the pullback's cotangents taken by
   * the engine through the rule must match finite differences. Default `1`.
   */
  readonly order?: 1 | 2;
  /**
   * The `RuleConfig` handed to rules (used by rules of higher-order functions such as `map`).
   * Default: the engine's forward mode for frules and reverse mode for rrules.
   */
  readonly config?: RuleConfig;
  /**
   * Arguments with more components than this are checked along random directions (two per
   * argument) instead of component by component, which costs one finite difference per
   * component. Default 64.
   */
  readonly maxComponents?: number;
}
