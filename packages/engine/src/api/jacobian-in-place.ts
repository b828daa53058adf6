import type { Backend } from '../backends/backend.js';
import { type InPlaceFunction, type OutputArray, outOfPlace, fill } from './in-place-function.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { InPlacePreparation, runInPlace } from './in-place-call.js';
import { jacobianPreparation, runValueAndJacobian } from './jacobian.js';
import type { Prepared } from './preparation.js';
import type { Input, DerivativeMatrix, MatrixFor } from './types.js';

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
  const { p, eager, direction, labels } = jacobianPreparation(
    outOfPlace(f, q.m, q.preparer),
    backend,
    x,
    rest,
  );
  // The Jacobian, the value written into y (`q.y`, the call's).
  const eagerAnswer = (x: unknown, a: unknown, args: readonly unknown[]) => {
    const [v, J] = eager(x, a, args);
    fill(q.method, q.y, v);
    return J as DerivativeMatrix;
  };
  const compiledAnswer = (
    ops: CompiledOperators,
    x: unknown,
    _: unknown,
    args: readonly unknown[],
  ): DerivativeMatrix | undefined => {
    const J = ops.jacobian(x, args, direction, p.chunk(), false, q.y);
    const out = ops.output();
    return J && out && (labels.jacobian(J, out) as unknown as DerivativeMatrix);
  };
  const jacobian = q.method2(p, 'jacobian', eagerAnswer, compiledAnswer);
  const valueAndJacobian = q.method2(
    p,
    'valueAndJacobian',
    (x, a, args): [OutputArray, DerivativeMatrix] => [q.y, eagerAnswer(x, a, args)],
    (ops, x, a, args) => {
      const J = compiledAnswer(ops, x, a, args);
      return J === undefined ? undefined : ([q.y, J] as [OutputArray, DerivativeMatrix]);
    },
  );
  return Object.assign(p.common(), {
    jacobian,
    valueAndJacobian,
    jacobianInPlace: jacobian,
    valueAndJacobianInPlace: valueAndJacobian,
  });
}
