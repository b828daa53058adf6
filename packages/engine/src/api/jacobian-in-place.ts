import type { Backend } from '../backends/backend.js';
import { type InPlaceFunction, type OutputArray, outOfPlace, fill } from './in-place-function.js';
import { InPlacePreparation, readThrough, runInPlace } from './in-place-call.js';
import { prepareJacobian, runValueAndJacobian } from './jacobian.js';
import type { Prepared } from './preparation.js';
import type { Input, DerivativeMatrix, MatrixFor, Like } from './types.js';

/**
 * The in-place Jacobian (`jacobianInPlace`, `valueAndJacobianInPlace`) and its preparation:
 * `f(y, x, ...rest)` writes its result into `y` with `setAt`; each fills the caller's `y` with
 * the value and returns the Jacobian of `y` with respect to the flattened `x`.
 */

/**
 * Fills `y` with `f(x)` and returns `[y, J]`, the Jacobian `{ rows: y.length, cols: n, data }`
 * (row-major over `y` and the flattened `x`); `sparse(…)` backends give it compressed.
 */
export function valueAndJacobianInPlace<B extends Backend>(
  f: InPlaceFunction,
  backend: B,
  y: OutputArray,
  x: Input,
  ...rest: unknown[]
): [OutputArray, MatrixFor<B>] {
  return runInPlace('valueAndJacobianInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndJacobian(g, backend, x, rest, ctx),
  ) as [OutputArray, MatrixFor<B>];
}

/** Fills `y` with `f(x)` and returns the Jacobian of `y` with respect to the flattened `x`. */
export function jacobianInPlace<B extends Backend>(
  f: InPlaceFunction,
  backend: B,
  y: OutputArray,
  x: Input,
  ...rest: unknown[]
): MatrixFor<B> {
  return runInPlace('jacobianInPlace', f, backend, y, x, (g, ctx) =>
    runValueAndJacobian(g, backend, x, rest, ctx),
  )[1] as MatrixFor<B>;
}
/** A prepared `jacobianInPlace`. */
export interface JacobianInPlacePrep<X> extends Prepared {
  /** Fills `y` with `f(x)` and returns the Jacobian (rows over `y`, columns over `x`). */
  jacobian(y: OutputArray, x: X, ...rest: unknown[]): DerivativeMatrix;
  /** Fills `y` with `f(x)` and returns `[y, jacobian]`. */
  valueAndJacobian(y: OutputArray, x: X, ...rest: unknown[]): [OutputArray, DerivativeMatrix];
  /** The same as `jacobian`. */
  jacobianInPlace(y: OutputArray, x: X, ...rest: unknown[]): DerivativeMatrix;
  /** The same as `valueAndJacobian`. */
  valueAndJacobianInPlace(
    y: OutputArray,
    x: X,
    ...rest: unknown[]
  ): [OutputArray, DerivativeMatrix];
}

/**
 * Prepares `jacobianInPlace` of `f` for `y` of this length and inputs shaped like `x` (with a
 * `sparse(…)` backend, the pattern and coloring are found here, once).
 */
export function prepareJacobianInPlace<X extends Input>(
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: X,
  ...rest: unknown[]
): JacobianInPlacePrep<X> {
  const q = new InPlacePreparation('prepareJacobianInPlace', y, x);
  const p = prepareJacobian(outOfPlace(f, q.m, q.preparer), backend, x, ...rest);
  const valueAndJacobian = (
    y: OutputArray,
    x: X,
    ...r: unknown[]
  ): [OutputArray, DerivativeMatrix] => {
    const out = q.check('valueAndJacobian', y, x);
    const [v, J] = p.valueAndJacobian(x as Like<X>, ...r);
    fill('valueAndJacobian', out, v);
    return [out, J];
  };
  const jacobian = (y: OutputArray, x: X, ...r: unknown[]) => valueAndJacobian(y, x, ...r)[1];
  return Object.assign(readThrough(p), {
    jacobian,
    valueAndJacobian,
    jacobianInPlace: jacobian,
    valueAndJacobianInPlace: valueAndJacobian,
  });
}
