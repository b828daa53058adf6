import type { Matrix, Real, RealArray } from '../active.js';
import type { AbstractZero, ArrayTangent, MaybeThunk } from '../tangent.js';

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

/** A reduction linear in its argument (`mean`): it also takes a tangent (a zero gives itself back). */
export interface LinearReduction {
  (x: Float64Array | readonly number[]): number;
  (x: RealArray): Real;
  (x: ArrayTangent): Real | AbstractZero;
}

/** An array-to-array function linear in its argument (`cumsum`): it also takes a tangent. */
export interface LinearArrayMap {
  (x: Float64Array | readonly number[]): Float64Array;
  (x: RealArray): RealArray;
  (x: ArrayTangent): RealArray | AbstractZero;
}

/** A tangent of a matrix as the linear matrix functions take it: a matrix, a structural zero, a thunk. */
export type MatrixTangent = MaybeThunk<Matrix | AbstractZero>;
