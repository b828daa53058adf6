import fc from 'fast-check';
import { layoutOf } from '../tree/layout.js';
import { rebuild } from '../tree/rebuild.js';
import type { Domain } from './domain.js';
import { realIn } from './reals.js';

/** Options of `pointLike`. */
export interface PointLikeOptions {
  /** Where the reals are drawn; default `'real'`, i.e. [-3, 3]. */
  readonly domain?: Domain;
}

/**
 * Random points with the structure of `template`: every real of it is redrawn from `domain`;
 * containers keep their kind (a `number[]` stays a `number[]`, a `Float64Array` a
 * `Float64Array`, a matrix keeps its size); strings, booleans, functions and other values
 * without a tangent space are kept as they are.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(pointLike([0, 0, 0], { domain: 'positive' }), (x) => x.every((v) => v > 0)));
 * pointLike({ w: new Float64Array(4), b: 0, act: 'tanh' }); // { w: Float64Array(4), b: number, act: 'tanh' }
 * ```
 */
export function pointLike<T>(template: T, options: PointLikeOptions = {}): fc.Arbitrary<T> {
  const layout = layoutOf(template);
  if (layout.size === 0) return fc.constant(template);
  const real = realIn(options.domain ?? 'real');
  return fc
    .array(real, { minLength: layout.size, maxLength: layout.size })
    .map((v) => rebuild(layout, v) as T);
}
