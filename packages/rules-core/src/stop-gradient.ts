import { differentiable, type DifferentiableFunction } from './differentiable.js';
import { stripDeep } from './strip.js';
import { zeroTangent } from './tangent.js';

/**
 * `x`'s value with its derivative cut (JAX's `stop_gradient`, ChainRules' `ignore_derivatives`):
 * every active value in `x`, through arrays and plain objects and at every level of nesting, is
 * replaced by its plain primal. Its rules give the output and `x` a `zeroTangent`: `x` has a
 * tangent space, the derivative through this path is just zero.
 */
export const stopGradient: DifferentiableFunction<<T>(x: T) => T> = differentiable(
  function stopGradient<T>(x: T): T {
    return stripDeep(x);
  },
  {
    frule: ([x]) => [stripDeep(x), zeroTangent as never],
    rrule: ([x]) => [stripDeep(x), () => [zeroTangent as never]],
  },
) as DifferentiableFunction<<T>(x: T) => T>;
