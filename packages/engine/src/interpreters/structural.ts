import type { DifferentiableFunction } from '@pullback/rules-core';
import type { DifferentiableRecord } from '@pullback/rules-core/interpreter';

/**
 * What a structural handler returns to send the call down its interpreter's generic path (a
 * symbol, since `undefined` may be a function's value).
 */
export const DECLINED: unique symbol = Symbol('declined');

/**
 * How an interpreter runs one structural operation of the vocabulary (`at`, `slice`, `setAt`,
 * `map`, `sum`, …) itself: each interpreter keeps one `Map` from the vocabulary function to its
 * handler, looked up once per call instead of a chain of `f === at` comparisons.
 */
export type StructuralHandler<I> = (
  interpreter: I,
  f: DifferentiableFunction,
  rec: DifferentiableRecord,
  args: readonly unknown[],
) => unknown;
