import { isActive, type Real, type RealArray } from '../active.js';
import {
  attachRecord,
  callDifferentiable2,
  describe,
  makeRecord,
  type DifferentiableFunction,
} from '../differentiable.js';
import { stack as sharedStack } from '../interpreter/stack.js';
import { isAbstractZero, noTangent, unthunk, zeroTangent } from '../tangent.js';
import { IndexOutOfRangeError } from './errors.js';
import { lengthOf, nonZero } from './internal/arrays.js';

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
