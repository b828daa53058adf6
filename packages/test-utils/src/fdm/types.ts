import type { NoTangent } from '@pullback/rules-core';
import type { FiniteDifferenceMethod } from './fdm.js';

/**
 * The structure of a derivative of (or with respect to) a value of type `T`, as finite
 * differences return it: a number for a number, a `Float64Array` for a numeric array, a
 * matrix of `Float64Array` data for a matrix, objects and tuples field by field, and
 * `NoTangent` for parts with no tangent space. It is also the engine's convention for
 * gradients and pushforwards.
 */
export type TangentOf<T> = T extends number
  ? number
  : T extends Float64Array | readonly number[]
    ? Float64Array
    : T extends { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> }
      ? { rows: number; cols: number; data: Float64Array }
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: TangentOf<T[K]> }
        : T extends (...args: never[]) => unknown
          ? NoTangent
          : T extends object
            ? { -readonly [K in keyof T]: TangentOf<T[K]> }
            : NoTangent;

/** Options of the structured finite-difference functions. */
export interface FdOptions {
  /** The method; default `fdm()`, the adaptive 5-point central method. */
  readonly fdm?: FiniteDifferenceMethod;
}
