import { primal, type Real, type RealArray } from '../active.js';
import type { DifferentiableFunction } from '../differentiable.js';
import { scalarRule } from '../scalar-rule.js';

/** `clamp`'s signature, elementwise with scalars broadcast. */
export interface Clamp {
  (x: number, lo: number, hi: number): number;
  (x: Real, lo: Real, hi: Real): Real;
  (
    x: number | Float64Array | readonly number[],
    lo: number | Float64Array | readonly number[],
    hi: number | Float64Array | readonly number[],
  ): Float64Array;
  (x: Real | RealArray, lo: Real | RealArray, hi: Real | RealArray): Real | RealArray;
}

/**
 * `x` limited to `[lo, hi]`: `min(max(x, lo), hi)`. The derivative goes to `x` inside the
 * closed interval (ties included, as in ChainRules), to `lo` below it and to `hi` above it.
 */
export const clamp: DifferentiableFunction<Clamp> = scalarRule<[number, number, number]>(
  function clamp(x, lo, hi) {
    return Math.min(Math.max(x, lo), hi);
  },
  (x, lo, hi) => {
    const v = primal(x);
    if (v < primal(lo)) return [0, 1, 0];
    if (v > primal(hi)) return [0, 0, 1];
    return [1, 0, 0];
  },
) as unknown as DifferentiableFunction<Clamp>;
