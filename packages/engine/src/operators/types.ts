import type { Active, ActiveArray, Matrix, Real } from '@pullback/rules-core';

/**
 * What operators accept as `x` and return as derivatives: numbers, `number[]`,
 * `Float64Array`, and plain objects and arrays nesting them (like JAX pytrees). Inside
 * another differentiation the leaves may be active values.
 */
export type Input =
  | number
  | Active
  | ActiveArray
  | readonly Real[]
  | Float64Array
  | Matrix
  | readonly Input[]
  | { readonly [key: string]: Input }
  // Interfaces have no implicit index signature, so a user's record interface is accepted as an
  // object here and checked at run time (UnsupportedInputError names the offending field).
  | object;

/** An output value or a derivative in some input or output structure. */
export type Value = Input;

/** A function an operator differentiates: `x` first, then constants passed through `...rest`. */
export type Differentiand = (x: never, ...rest: never[]) => unknown;

/** A Jacobian or Hessian over the flattened input (and output): `rows × cols`, row-major. */
export type DerivativeMatrix = Matrix<Float64Array>;

/** Widens literal and readonly types so a gradient of `x: X` is typed like `x`. */
export type Like<X> = X extends number ? number : X;
