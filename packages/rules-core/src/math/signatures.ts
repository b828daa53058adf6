import type { Real, RealArray } from '../active.js';

/** A reduction of an array to a scalar: a plain number for passive input. */
export interface Reduction {
  (x: Float64Array | readonly number[]): number;
  (x: RealArray): Real;
}

/** An array-to-array function: a `Float64Array` for passive input. */
export interface ArrayMap {
  (x: Float64Array | readonly number[]): Float64Array;
  (x: RealArray): RealArray;
}
