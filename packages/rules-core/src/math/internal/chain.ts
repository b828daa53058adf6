import { isActive, isRealArray, type Real, type RealArray } from '../../active.js';
import { isAbstractZero, unthunk, zeroTangent, type ZeroTangent } from '../../tangent.js';
import { add } from '../arithmetic.js';
import { sum } from '../reductions.js';

/**
 * Tangent plumbing shared by the elementwise rules: summing the contributions of several
 * arguments, and undoing a broadcast in a pullback.
 */

/** A tangent of a real or an array of reals, or the strong zero. */
export type RealTangent = Real | RealArray | ZeroTangent;

/** True when `x` is an array of any kind (plain, `Real[]`, typed, or an engine's active array). */
export function isArrayValue(x: unknown): x is RealArray {
  return isRealArray(x);
}

/** `n` copies of `v`: a `Float64Array` for a number, a `Real[]` for an active scalar. */
export function fill(v: Real, n: number): Float64Array | Real[] {
  if (typeof v === 'number') return new Float64Array(n).fill(v);
  return new Array<Real>(n).fill(v);
}

/**
 * The sum of the non-zero `terms`, shaped like `like` (a scalar total is spread over an array
 * output); `zeroTangent` when every term is zero.
 */
export function accumulate(terms: readonly unknown[], like: unknown): RealTangent {
  let total: Real | RealArray | undefined;
  for (const t of terms) {
    const u = unthunk(t);
    if (isAbstractZero(u)) continue;
    total = total === undefined ? (u as Real | RealArray) : add(total, u as Real | RealArray);
  }
  if (total === undefined) return zeroTangent;
  if (isArrayValue(like) && !isArrayValue(total)) return fill(total, like.length);
  return total;
}

/**
 * The cotangent of an argument that was broadcast: summed over the output when the argument
 * was a scalar, passed through when it was an array.
 */
export function unbroadcast(ct: unknown, arg: unknown): RealTangent {
  const u = unthunk(ct);
  if (isAbstractZero(u)) return zeroTangent;
  const isScalarArg = typeof arg === 'number' || (isActive(arg) && !isArrayValue(arg));
  if (isScalarArg && isArrayValue(u)) return sum(u);
  return u as Real | RealArray;
}
