import type { Active, ActiveArray, Matrix, Real } from '@pullback/rules-core';
import type { SparseMatrix } from '../sparsity/csr.js';
import type { SparseBackend } from '../sparsity/sparse-backend.js';
import type { MatrixPaths } from './matrix-paths.js';

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

/**
 * A Jacobian or Hessian over the flattened input (and output): `rows × cols`, row-major, with
 * `rowPaths` and `colPaths` labelling rows and columns (non-enumerable).
 */
export type DerivativeMatrix = Matrix<Float64Array> & MatrixPaths;

/** A Jacobian or Hessian from a `sparse(...)` backend: CSR, labelled like `DerivativeMatrix`. */
export type SparseDerivativeMatrix = SparseMatrix & MatrixPaths;

/** The matrix an operator returns with backend `B`: sparse for `sparse(...)`, else dense. */
export type MatrixFor<B> = [B] extends [SparseBackend] ? SparseDerivativeMatrix : DerivativeMatrix;

/** Widens literal and readonly types so a gradient of `x: X` is typed like `x`. */
export type Like<X> = X extends number ? number : X;
