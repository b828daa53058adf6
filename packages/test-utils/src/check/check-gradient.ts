import type { Backend, Input } from '@pullback/engine';
import type { TangentOf } from '../fdm/types.js';
import type { CheckOptions } from './check-options.js';
import { checkDerivatives } from './derivative-check.js';

/**
 * Checks a backend's gradient of your own real-valued function against finite differences
 * (PyTorch's `gradcheck`, JAX's `check_grads`): every component must agree within the
 * tolerances plus the finite-difference error estimate, `x` must come back unchanged, and the
 * engine must not have fallen back to finite differences for any function (unless
 * `options.allowFallback`). Throws a `DerivativeCheckError` whose message lists the components
 * that differ, or the fallbacks; returns the backend's gradient otherwise.
 *
 * @example
 * ```ts
 * const rosenbrock = (x: number[]) => add(square(sub(1, at(x, 0))), mul(100, square(sub(at(x, 1), square(at(x, 0))))));
 * checkGradient(rosenbrock, reverse(), [0.5, -0.3]);
 * ```
 */
export function checkGradient<X extends Input>(
  f: (x: X, ...rest: never[]) => unknown,
  backend: Backend,
  x: X,
  options: CheckOptions = {},
): TangentOf<X> {
  return checkDerivatives('gradient', f as never, backend, x, options) as TangentOf<X>;
}
