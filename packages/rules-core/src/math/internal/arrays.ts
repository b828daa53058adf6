import { isActive, type Real, type RealArray } from '../../active.js';
import { describe } from '../../differentiable.js';
import { isAbstractZero, unthunk } from '../../tangent.js';

/**
 * Array plumbing shared by the vector and matrix functions. Each function of the vocabulary has
 * a plain path (everything a number: typed loops into a `Float64Array`) and a generic path
 * (written with the vocabulary itself, so it is correct for active values at any level).
 */

/** True for arrays a body may index: plain arrays and typed arrays, never an engine's active array. */
export function isIndexable(x: unknown): x is ArrayLike<Real> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/** True when every element is a plain number: a `Float64Array`, or a plain array of numbers. */
export function isPassiveArray(x: unknown): x is Float64Array | readonly number[] {
  if (x instanceof Float64Array) return true;
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'number') return false;
  return true;
}

/** True when an array holds active values: an engine's active array, or a `Real[]` with some. */
export function holdsActive(x: unknown): boolean {
  return isActive(x) || (Array.isArray(x) && !isPassiveArray(x));
}

/** `x` as a `Float64Array`, copying only when it is a plain array. */
export function toFloat64(x: Float64Array | readonly number[]): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

/** The values as a `Float64Array` when all are numbers, else as the `Real[]` itself. */
export function collect(values: Real[]): Float64Array | Real[] {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number') return values;
  }
  return Float64Array.from(values as number[]);
}

/**
 * The length of an array argument of `fname`, with an error naming the function when `x` is
 * not an array of any kind.
 */
export function lengthOf(fname: string, x: unknown, what = 'x'): number {
  if (isIndexable(x)) return x.length;
  if (isActive(x) && typeof (x as { length?: unknown }).length === 'number') {
    return (x as unknown as { length: number }).length;
  }
  throw new TypeError(
    `${fname}: expected ${what} to be an array (number[], Real[], Float64Array or an active array), got ${describe(x)}.`,
  );
}

/**
 * A tangent or cotangent of an array of length `n`, with strong zeros and thunks resolved: a
 * `Float64Array` of zeros for `zeroTangent`/`noTangent`, the array itself otherwise.
 */
export function materialize(t: unknown, n: number): RealArray {
  const u = unthunk(t);
  return isAbstractZero(u) ? new Float64Array(n) : (u as RealArray);
}

/** The tangent or cotangent `t` with thunks resolved, or `undefined` for a strong zero. */
export function nonZero<T>(t: unknown): T | undefined {
  const u = unthunk(t);
  return isAbstractZero(u) ? undefined : (u as T);
}
