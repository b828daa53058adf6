import type { Real } from '@pullback/rules-core';
import { UnsupportedInputError } from '../errors.js';
import { describe } from '../tree/describe.js';

/**
 * Scratch storage as an extra argument (DifferentiationInterface's `Cache` context). Extra
 * arguments are constants, and a constant `Float64Array` cannot hold the active values `f`
 * computes, so numeric code that writes intermediates into a buffer would fall back. Given
 * `cache(buffer)` instead, `f` receives storage of the same length that can hold whatever the
 * pass computes (a `Real[]`), allocated once per cache (so once per preparation that is given
 * the same cache), which `f` may overwrite freely. The caller's buffer is never written.
 */

const CACHE: unique symbol = Symbol.for('@pullback/engine/cache') as never;

/** A scratch buffer made by `cache(buffer)`, passed among the extra arguments of an operator. */
export interface Cache {
  /** The brand that tells a cache from an extra argument holding data. */
  readonly [CACHE]: true;
  /** How many elements the scratch storage has. */
  readonly length: number;
}

/** The scratch storage of each cache, allocated on first use and reused after. */
const scratches = new WeakMap<Cache, Real[]>();

/**
 * Marks `buffer` (a `Float64Array` or an array of numbers) as scratch storage `f` may
 * overwrite: `f` receives, in its place, storage of the same length that can hold active
 * values, so writes with `setAt` keep their derivatives and no fallback is needed.
 *
 * @example
 * ```ts
 * const tmp = cache(new Float64Array(n));
 * const g = gradient((x, tmp) => { for (...) setAt(tmp, i, mul(at(x, i), 2)); return sum(tmp); },
 *   reverse(), x, tmp);
 * ```
 */
export function cache(buffer: Float64Array | readonly number[]): Cache {
  if (!(buffer instanceof Float64Array) && !Array.isArray(buffer)) {
    throw new UnsupportedInputError(
      `cache(buffer) expects a Float64Array or an array of numbers to size the scratch ` +
        `storage, got ${describe(buffer)}.`,
    );
  }
  return Object.freeze({ [CACHE]: true as const, length: buffer.length });
}

/** True when `v` was made by `cache(…)`. */
export function isCache(v: unknown): v is Cache {
  return typeof v === 'object' && v !== null && (v as { [CACHE]?: unknown })[CACHE] === true;
}

/** The storage `f` receives for cache `c`: a `Real[]` of its length, the same one each time. */
function scratchOf(c: Cache): Real[] {
  let s = scratches.get(c);
  if (s === undefined) scratches.set(c, (s = new Array<Real>(c.length).fill(0)));
  return s;
}

/** `rest` with every cache replaced by its scratch storage (`rest` itself when there is none). */
export function withScratch(rest: readonly unknown[]): readonly unknown[] {
  for (const a of rest) if (isCache(a)) return rest.map((b) => (isCache(b) ? scratchOf(b) : b));
  return rest;
}
