import type { Active, ActiveArray, Matrix, Real, RealArray } from '@pullback/rules-core';
import type { SparseMatrix } from '../sparsity/csr.js';
import type { SparseBackend } from '../backends/sparse/sparse-backend.js';
import type { Cache } from './cache.js';
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

/**
 * What `f` receives when an operator is called with an `x` of type `X`: the active
 * counterpart of `X`. A number is a `Real`, an array of numbers or a `Float64Array` a
 * `RealArray`, a matrix a `Matrix` whose `data` is a `RealArray` (its `rows` and `cols` stay
 * numbers), and arrays and plain objects map their elements and fields.
 *
 * @example
 * ```ts
 * type P = ActiveOf<{ mu: number; w: Float64Array }>; // { mu: Real; w: RealArray }
 * ```
 */
export type ActiveOf<X> = X extends number
  ? Real
  : X extends ActiveArray
    ? RealArray
    : X extends Active
      ? Real
      : X extends Float64Array | readonly (number | Active)[]
        ? RealArray
        : X extends Matrix
          ? Matrix
          : X extends readonly unknown[] | object
            ? { [K in keyof X]: ActiveOf<X[K]> }
            : X;

/**
 * `R` when it is a structure of reals (numbers, active values, arrays, typed arrays and plain
 * objects or interfaces of them); otherwise the same structure with `never` where a leaf is
 * something else (a string, a function), or a sentence for a promise. Operators that
 * differentiate a structure declare `f`'s return type as `RealStructure<R>`, so a function
 * returning anything else is rejected where it is written. A return type that says nothing
 * (`unknown`, or `Value` from another operator) is left to the run-time check.
 */
export type RealStructure<R> = unknown extends R ? R : Input extends R ? R : RealLeaves<R>;

/** `RealStructure` of an `R` that says something: its leaves checked one by one. */
export type RealLeaves<R> = unknown extends R
  ? R
  : R extends number | Active | Float64Array
    ? R
    : R extends PromiseLike<unknown>
      ? 'a structure of reals, not a promise (f must not be async)'
      : R extends (...args: never[]) => unknown
        ? never
        : R extends object
          ? { [K in keyof R]: RealLeaves<R[K]> }
          : never;

/**
 * A function an operator differentiates: `x` first (its type `ActiveOf<X>`), then the
 * constants passed through the operator's `...rest`, returning `R`. The parameters are checked
 * in both directions (as methods' are): a function written for plain inputs, say
 * `(x: Float64Array) => number`, is accepted, since pullback re-runs a function that cannot
 * carry active values as a reported black box; a parameter of an unrelated type is an error.
 * Without type arguments, any function of one or more arguments.
 */
export type Differentiand<X = never, R = unknown, Rest extends readonly unknown[] = never> = {
  // A method's parameters are bivariant under strictFunctionTypes; a property's are not.
  f(x: ActiveOf<X>, ...rest: Rest): R;
}['f'];

/**
 * The extra arguments `f` receives, typed by the operator's `...rest` alone: `f` may declare
 * fewer (the others are ignored, as JavaScript does) but not more or other ones; a
 * `cache(buffer)` arrives as the scratch storage it stands for (`RealArray`). (An indexed
 * access resolved only once `Rest` is known keeps TypeScript from inferring `Rest` from `f`;
 * `NoInfer` is not kept a tuple in a rest parameter.)
 */
export type ExtraArguments<Rest extends readonly unknown[]> = [
  ReceivedArguments<Rest>,
][Rest extends unknown ? 0 : never];

/**
 * What `f` receives for each of the operator's extra arguments: a `cache(buffer)` becomes the
 * scratch storage it stands for (`RealArray`), anything else arrives as passed.
 */
export type ReceivedArguments<Rest extends readonly unknown[]> = {
  [K in keyof Rest]: Rest[K] extends Cache ? RealArray : Rest[K];
};

/**
 * A Jacobian or Hessian over the flattened input (and output): `rows × cols`, row-major, with
 * `rowPaths` and `colPaths` labelling rows and columns (non-enumerable).
 */
export type DerivativeMatrix = Matrix<Float64Array> & MatrixPaths;

/** A Jacobian or Hessian from a `sparse(...)` backend: CSR, labelled like `DerivativeMatrix`. */
export type SparseDerivativeMatrix = SparseMatrix & MatrixPaths;

/** The matrix an operator returns with backend `B`: sparse for `sparse(...)`, else dense. */
export type MatrixFor<B> = [B] extends [SparseBackend] ? SparseDerivativeMatrix : DerivativeMatrix;

/**
 * `R` for a function whose return type says nothing (`unknown`, left to the run-time check),
 * else one real: what `gradient`, `hvp` and `hessian` require of `f`.
 */
export type OneReal<R> = unknown extends R ? R : Real;

/** Widens literal and readonly types so a gradient of `x: X` is typed like `x`. */
export type Like<X> = X extends number ? number : X;
