import { isActive, type Real, type RealArray } from '../active.js';
import {
  attachRecord,
  callDifferentiable,
  describe,
  makeRecord,
  type DifferentiableFunction,
} from '../differentiable.js';
import { ActiveCoercionError } from '../errors.js';
import { noTangent, zeroTangent } from '../tangent.js';
import { at, checkIndex } from './indexing.js';
import { collect, isIndexable, nonZero } from './internal/arrays.js';
import { concat, slice } from './slicing.js';

/** A copy of the array `t` (a tangent) with element `i` replaced by `v`. */
function replaced(t: RealArray, i: number, v: Real): RealArray {
  if (isIndexable(t)) {
    const out = Array.from(t as ArrayLike<Real>);
    out[i] = v;
    return collect(out);
  }
  // An engine's active array (a tangent at a lower level): rebuild it with the vocabulary.
  return concat(slice(t, 0, i), v, slice(t, i + 1));
}

function setAtBody<X extends RealArray>(x: X, i: number, v: Real): X {
  if (x instanceof Float64Array) {
    checkIndex('setAt', i, x.length);
    if (typeof v !== 'number') {
      if (!isActive(v)) {
        throw new TypeError(`setAt: expected v to be a real number, got ${describe(v)}.`);
      }
      throw new ActiveCoercionError(
        'number',
        `by setAt(x, ${i}, v), which writes into a Float64Array (it can only hold plain numbers). ` +
          'Allocate the storage with similar(x) or zerosLike(x) instead, which give a Real[] ' +
          'when x holds active values',
      );
    }
    x[i] = v;
    return x;
  }
  if (Array.isArray(x)) {
    checkIndex('setAt', i, x.length);
    (x as Real[])[i] = v;
    return x;
  }
  if (isActive(x)) {
    throw new TypeError('setAt: an active array reached a passive body; this is an engine bug.');
  }
  throw new TypeError(
    `setAt: expected x to be an array (Real[], number[] or Float64Array), got ${describe(x)}.`,
  );
}

/**
 * Writes `v` at index `i` of `x`, in place, and returns `x`. A `Float64Array` only holds
 * numbers: writing an active value into one throws `ActiveCoercionError` (allocate with
 * `similar(x)` instead). Writing into a plain array needs no interpreter; an engine's active
 * array is handed to its interpreter, which tracks the mutation. The rules treat `setAt` as the
 * pure function "x with element i replaced by v".
 */
export const setAt: DifferentiableFunction<<X extends RealArray>(x: X, i: number, v: Real) => X> =
  attachRecord(
    function setAt<X extends RealArray>(x: X, i: number, v: Real): X {
      if (Array.isArray(x) && typeof i === 'number' && (i | 0) === i && i >= 0 && i < x.length) {
        (x as Real[])[i] = v;
        return x;
      }
      // Into a Float64Array, an active value is an error: say so before an interpreter sees it.
      if (x instanceof Float64Array) return setAtBody(x, i, v);
      return callDifferentiable(setAt, setAtBody, [x, i, v]) as X;
    },
    makeRecord(
      'differentiable',
      setAtBody,
      {
        frule: ([x, i, v]: [RealArray, number, Real], [dx, , dv]: [unknown, unknown, unknown]) => {
          const n = x.length;
          const y = setAt(x, i, v);
          const t = nonZero<RealArray>(dx);
          const tv = nonZero<Real>(dv);
          if (t === undefined && tv === undefined) return [y, zeroTangent];
          const base = t ?? new Float64Array(n);
          return [y, replaced(base, i, tv ?? 0)];
        },
        rrule: ([x, i, v]: [RealArray, number, Real]) => [
          setAt(x, i, v),
          (dy: unknown) => {
            const u = nonZero<RealArray>(dy);
            if (u === undefined) return [zeroTangent, noTangent, zeroTangent];
            return [replaced(u, i, 0), noTangent, at(u, i)];
          },
        ],
      },
      { name: 'setAt', nondiff: [1] },
    ),
  ) as never;
