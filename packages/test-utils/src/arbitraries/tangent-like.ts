import type { NoTangent } from '@pullback/rules-core';
import fc from 'fast-check';
import type { TangentOf } from '../fdm/types.js';
import { layoutOf } from '../tree/layout.js';
import { rebuild } from '../tree/rebuild.js';
import { realIn } from './reals.js';

/** The type of a tangent `tangentLike` draws for a primal of type `T`: containers as in `T`. */
export type TangentLike<T> = T extends number
  ? number
  : T extends Float64Array
    ? Float64Array
    : T extends readonly number[]
      ? number[]
      : T extends { readonly rows: number; readonly cols: number; readonly data: infer D }
        ? { rows: number; cols: number; data: D }
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: TangentLike<T[K]> }
          : T extends (...args: never[]) => unknown
            ? NoTangent
            : T extends object
              ? { -readonly [K in keyof T]: TangentLike<T[K]> }
              : TangentOf<T>;

/** Options of `tangentLike`. */
export interface TangentLikeOptions {
  /** Largest magnitude of an entry; default 2. */
  readonly scale?: number;
}

/**
 * Random tangents (or cotangents) for primals shaped like `template`: reals in
 * [-scale, scale], containers mirroring the template's, `noTangent` where it has no tangent
 * space.
 *
 * @example
 * ```ts
 * fc.property(pointLike(x0), tangentLike(x0), (x, dx) => { testFrule(f, [x], { tangents: [dx] }); });
 * ```
 */
export function tangentLike<T>(
  template: T,
  options: TangentLikeOptions = {},
): fc.Arbitrary<TangentLike<T>> {
  const layout = layoutOf(template);
  const scale = options.scale ?? 2;
  if (layout.size === 0) return fc.constant(rebuild(layout, [], 0, true) as TangentLike<T>);
  return fc
    .array(realIn({ min: -scale, max: scale }), { minLength: layout.size, maxLength: layout.size })
    .map((v) => rebuild(layout, v, 0, true) as TangentLike<T>);
}
