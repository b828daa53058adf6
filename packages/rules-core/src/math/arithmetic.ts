import { isActive, isRealArray, type Real, type RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import {
  isAbstractZero,
  unthunk,
  zeroTangent,
  type AbstractZero,
  type ArrayTangent,
  type ScalarTangent,
  type ZeroTangent,
} from '../tangent.js';
import { elementwise, type LinearElementwise1, type TangentArithmetic } from './elementwise.js';
import { lengthOf } from './internal/arrays.js';
import type { Reduction } from './signatures.js';
import { additive, multilinear, quotient, withTangentRule } from './tangent-rules.js';
import { defineTangentRule } from '../tangent-arithmetic.js';

// `sum` and the tangent plumbing live beside the four operations because they are one recursion:
// the pullbacks of `add`, `sub`, `mul` and `div` undo a broadcast with `sum`, and `sum` of active
// elements adds them. In separate modules they would import each other.

/**
 * The four operations and negation, with rules written once for scalars and arrays alike
 * (scalars broadcast). Every other rule in the vocabulary is built on these.
 */

type Args2 = [Real | RealArray, Real | RealArray];
type Args1 = [Real | RealArray];

/** `t` scaled by `s`, keeping strong zeros. */
const times = (t: unknown, s: Real | RealArray): unknown =>
  isAbstractZero(t) ? t : mul(t as Real, s);

/** `a + b`, elementwise with scalars broadcast. */
export const add: TangentArithmetic = elementwise<Args2>(
  function add(a, b) {
    return a + b;
  },
  (self) => ({
    partials: () => [1, 1],
    frule: ([a, b], [da, db]) => {
      const y = self(a, b);
      return [y, accumulate([da, db], y)];
    },
    rrule: ([a, b]) => [self(a, b), (dy) => [unbroadcast(dy, a), unbroadcast(dy, b)]],
  }),
  undefined,
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i * sa] + b[i * sb];
  },
) as unknown as TangentArithmetic;

/** `a - b`, elementwise with scalars broadcast. */
export const sub: TangentArithmetic = elementwise<Args2>(
  function sub(a, b) {
    return a - b;
  },
  (self) => ({
    partials: () => [1, -1],
    frule: ([a, b], [da, db]) => {
      const y = self(a, b);
      return [y, accumulate([da, isAbstractZero(db) ? db : neg(db as Real)], y)];
    },
    rrule: ([a, b]) => [
      self(a, b),
      (dy) => {
        const u = unthunk(dy);
        return [unbroadcast(u, a), unbroadcast(isAbstractZero(u) ? u : neg(u as Real), b)];
      },
    ],
  }),
  undefined,
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i * sa] - b[i * sb];
  },
) as unknown as TangentArithmetic;

/** `a * b`, elementwise with scalars broadcast. */
export const mul: TangentArithmetic = elementwise<Args2>(
  function mul(a, b) {
    return a * b;
  },
  (self) => ({
    partials: (a, b) => [b as Real, a as Real],
    frule: ([a, b], [da, db]) => {
      const y = self(a, b);
      return [y, accumulate([times(da, b), times(db, a)], y)];
    },
    rrule: ([a, b]) => [
      self(a, b),
      (dy) => {
        const u = unthunk(dy);
        return [unbroadcast(times(u, b), a), unbroadcast(times(u, a), b)];
      },
    ],
  }),
  undefined,
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i * sa] * b[i * sb];
  },
) as unknown as TangentArithmetic;

/** `a / b`, elementwise with scalars broadcast. */
export const div: TangentArithmetic = elementwise<Args2>(
  function div(a, b) {
    return a / b;
  },
  (self) => ({
    partials: (a, b, y) => [div(1, b as Real), neg(div(y, b as Real))],
    frule: ([a, b], [da, db]) => {
      const y = self(a, b);
      const dq = isAbstractZero(da) ? da : div(da as Real, b);
      const dd = isAbstractZero(db) ? db : neg(mul(db as Real, div(y, b)));
      return [y, accumulate([dq, dd], y)];
    },
    rrule: ([a, b]) => {
      const y = self(a, b);
      return [
        y,
        (dy) => {
          const u = unthunk(dy);
          if (isAbstractZero(u)) return [u, u];
          const da = div(u as Real, b);
          return [unbroadcast(da, a), unbroadcast(neg(mul(da, y)), b)];
        },
      ];
    },
  }),
  undefined,
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i * sa] / b[i * sb];
  },
) as unknown as TangentArithmetic;

/** `-x`, elementwise. */
export const neg: LinearElementwise1 = elementwise<Args1>(
  function neg(x) {
    return -x;
  },
  (self) => ({
    partials: () => [-1],
    frule: ([x], [dx]) => [self(x), isAbstractZero(dx) ? dx : self(dx as Real)],
    rrule: ([x]) => [
      self(x),
      (dy) => {
        const u = unthunk(dy);
        return [isAbstractZero(u) ? u : self(u as Real)];
      },
    ],
  }),
  undefined,
  (out: Float64Array, x: Float64Array) => {
    for (let i = 0; i < out.length; i++) out[i] = -x[i];
  },
) as unknown as LinearElementwise1;

/** `sum`'s signature: a reduction that also takes a scalar (its own sum). */
export interface Sum extends Reduction {
  (x: number): number;
  (x: Real | RealArray): Real;
  /** A tangent: a structural zero gives itself back, a thunk is unthunked. */
  (x: ScalarTangent | ArrayTangent): Real | AbstractZero;
}

/** `x₀ + x₁ + …`; a scalar is its own sum, an empty array sums to 0. */
export const sum: DifferentiableFunction<Sum> = differentiable(
  function sum(x: Real | RealArray): Real {
    if (typeof x === 'number') return x;
    if (x instanceof Float64Array) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i];
      return s;
    }
    if (isActive(x) && !('length' in x)) return x;
    lengthOf('sum', x);
    const xs = x as ArrayLike<Real>;
    let passive = 0;
    let active: Real | undefined;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (typeof v === 'number') passive += v;
      else active = active === undefined ? v : add(active, v);
    }
    return active === undefined ? passive : add(active, passive);
  },
  {
    frule: ([x], [dx]) => [sum(x), isAbstractZero(dx) ? zeroTangent : sum(dx as RealArray)],
    rrule: ([x]) => {
      const n = typeof x === 'number' || !('length' in x) ? -1 : x.length;
      return [
        sum(x),
        (dy) => {
          const u = unthunk(dy);
          if (isAbstractZero(u)) return [zeroTangent];
          return [n === -1 ? u : fill(u as Real, n)];
        },
      ];
    },
  },
) as DifferentiableFunction<Sum>;

// ChainRules' tangent arithmetic: `add(zeroTangent, t)` is `t`, `mul(zeroTangent, x)` is
// `zeroTangent`, thunks are unthunked (see tangent-rules.ts).
defineTangentRule(add, additive(add, undefined));
defineTangentRule(
  sub,
  additive(sub, (t) => neg(t as Real)),
);
defineTangentRule(div, quotient(div));
withTangentRule(multilinear, mul, neg, sum);

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
