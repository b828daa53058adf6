import type { Backend, DerivativeMatrix, Input } from '@pullback/engine';
import type { CheckOptions } from './check-options.js';
import { checkDerivatives } from './derivative-check.js';

/**
 * Checks a backend's Jacobian of your own function against finite differences, entry by
 * entry, that `x` comes back unchanged, and that the engine did not fall back to finite
 * differences for any function (unless `options.allowFallback`). Throws a
 * `DerivativeCheckError` listing the entries that differ, or the fallbacks; returns the
 * backend's Jacobian otherwise.
 *
 * @example
 * ```ts
 * checkJacobian((x: number[]) => concat(sin(x), cos(x)), forward(), [0.1, 0.2, 0.3]);
 * ```
 */
export function checkJacobian<X extends Input>(
  f: (x: X, ...rest: never[]) => unknown,
  backend: Backend,
  x: X,
  options: CheckOptions = {},
): DerivativeMatrix {
  return checkDerivatives('jacobian', f as never, backend, x, options) as DerivativeMatrix;
}
