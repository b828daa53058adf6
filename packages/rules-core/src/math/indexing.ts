import { isActive, type Real, type RealArray } from '../active.js';
import { differentiable, describe, type DifferentiableFunction } from '../differentiable.js';
import { isAbstractZero, noTangent, unthunk, zeroTangent } from '../tangent.js';
import { IndexOutOfRangeError } from './errors.js';

/** Checks `i` against `n` with an error that says what was asked. */
export function checkIndex(fname: string, i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new IndexOutOfRangeError(
      `${fname}: index ${describe(i)} is outside an array of length ${n}; use an integer in 0..${n - 1}.`,
    );
  }
}

/** A cotangent that is `v` at `i` and zero elsewhere, for an array of length `n`. */
export function oneHot(n: number, i: number, v: Real): Float64Array | Real[] {
  if (typeof v === 'number') {
    const out = new Float64Array(n);
    out[i] = v;
    return out;
  }
  const out = new Array<Real>(n).fill(0);
  out[i] = v;
  return out;
}

/**
 * Element `i` of any array (`number[]`, `Real[]`, `Float64Array`, or an engine's dense active
 * array). The one way to read an element that keeps its derivative in every mode.
 */
export const at: DifferentiableFunction<(x: RealArray, i: number) => Real> = differentiable(
  function at(x: RealArray, i: number): Real {
    if (isActive(x)) {
      throw new TypeError('at: an active array reached a passive body; this is an engine bug.');
    }
    const xs = x as ArrayLike<Real>;
    checkIndex('at', i, xs.length);
    return xs[i];
  },
  {
    frule: ([x, i], [dx]) => [at(x, i), isAbstractZero(dx) ? zeroTangent : at(dx as RealArray, i)],
    rrule: ([x, i]) => {
      const n = x.length;
      return [
        at(x, i),
        (dy) => {
          const u = unthunk(dy);
          return [isAbstractZero(u) ? zeroTangent : oneHot(n, i, u as Real), noTangent];
        },
      ];
    },
  },
  { nondiff: [1] },
);
