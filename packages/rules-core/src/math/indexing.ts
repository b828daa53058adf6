import { isActive, type Real, type RealArray } from '../active.js';
import {
  attachRecord,
  callDifferentiable,
  callDifferentiable2,
  describe,
  makeRecord,
  type DifferentiableFunction,
} from '../differentiable.js';
import { ActiveCoercionError } from '../errors.js';
import { stack as sharedStack } from '../interpreter.js';
import { isAbstractZero, noTangent, unthunk, zeroTangent } from '../tangent.js';
import { ACTIVE } from '../symbols.js';
import { IndexOutOfRangeError } from './errors.js';
import { collect, isIndexable, lengthOf, nonZero } from './internal/arrays.js';
import { concat, slice } from './slicing.js';

/** The interpreter stack through a module-local constant (see differentiable.ts). */
const stack = sharedStack;

/** Checks `i` against `n` with an error that says what was asked. */
export function checkIndex(fname: string, i: unknown, n: number): void {
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) {
    throw new IndexOutOfRangeError(
      `${fname}: index ${describe(i)} is outside an array of length ${n}; ` +
        (n === 0 ? 'the array is empty.' : `use an integer in 0..${n - 1}.`),
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

function atBody(x: RealArray, i: number): Real {
  if (isActive(x)) {
    throw new TypeError('at: an active array reached a passive body; this is an engine bug.');
  }
  const n = lengthOf('at', x);
  checkIndex('at', i, n);
  return (x as ArrayLike<Real>)[i];
}

/**
 * Element `i` of any array (`number[]`, `Real[]`, `Float64Array`, or an engine's dense active
 * array). The one way to read an element that keeps its derivative in every mode.
 *
 * Reading a plain array needs no interpreter, whatever it holds (an active element carries its
 * own derivative), so that is done directly: reading a long array in a loop stays O(1) per read
 * even while differentiating. Only an engine's active array is handed to its interpreter.
 */
export const at: DifferentiableFunction<(x: RealArray, i: number) => Real> = attachRecord(
  function at(x: RealArray, i: number): Real {
    // A typed array reads `undefined` at every invalid numeric index (negative, fractional,
    // NaN, out of range), so one read is also the bounds check; everything else goes to
    // `atSlow`. Kept this small so that V8 inlines it into loops. While an interpreter is in
    // flight `isView` goes first: an engine's active array ends its prototype chain in a proxy,
    // which `instanceof` would walk into through a runtime call on every element read. With
    // none in flight V8 folds `instanceof` away and the idle check is the only cost.
    if (
      (stack.depth === 0 || ArrayBuffer.isView(x)) &&
      x instanceof Float64Array &&
      typeof i === 'number'
    ) {
      const v = x[i];
      if (v !== undefined) return v;
    }
    return atSlow(x, i);
  },
  makeRecord(
    'differentiable',
    atBody,
    {
      frule: ([x, i]: [RealArray, number], [dx]: [unknown]) => {
        const t = nonZero<RealArray>(dx);
        return [at(x, i), t === undefined ? zeroTangent : at(t, i)];
      },
      rrule: ([x, i]: [RealArray, number]) => {
        const n = x.length;
        return [
          at(x, i),
          (dy: unknown) => {
            const u = unthunk(dy);
            return [isAbstractZero(u) ? zeroTangent : oneHot(n, i, u as Real), noTangent];
          },
        ];
      },
    },
    { name: 'at', nondiff: [1] },
  ),
);

/** `at` for plain arrays (read directly), and everything else (handed on or reported). */
function atSlow(x: RealArray, i: number): Real {
  if (Array.isArray(x) && typeof i === 'number' && i >>> 0 === i && i < x.length) {
    return (x as readonly Real[])[i];
  }
  return callDifferentiable2(at, atBody, x, i) as Real;
}

function setAtBody<X extends RealArray>(x: X, i: number, v: Real): X {
  if (x instanceof Float64Array) {
    checkIndex('setAt', i, x.length);
    if (typeof v !== 'number') {
      if (!isActive(v)) {
        throw new TypeError(`setAt: expected v to be a real number, got ${describe(v)}.`);
      }
      const error = new ActiveCoercionError(
        'number',
        `by setAt(x, ${i}, v), which writes into a Float64Array (it can only hold plain numbers). ` +
          'Allocate the storage with similar(x) or zerosLike(x) instead, which give a Real[] ' +
          'when x holds active values',
      );
      v[ACTIVE].coerced?.(error);
      throw error;
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
