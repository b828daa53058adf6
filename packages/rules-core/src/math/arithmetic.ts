import type { Real, RealArray } from '../active.js';
import { isAbstractZero, unthunk } from '../tangent.js';
import { accumulate, unbroadcast } from './internal/chain.js';
import { elementwise, type Elementwise1, type Elementwise2 } from './elementwise.js';

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
export const add: Elementwise2 = elementwise<Args2>(
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
) as unknown as Elementwise2;

/** `a - b`, elementwise with scalars broadcast. */
export const sub: Elementwise2 = elementwise<Args2>(
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
) as unknown as Elementwise2;

/** `a * b`, elementwise with scalars broadcast. */
export const mul: Elementwise2 = elementwise<Args2>(
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
) as unknown as Elementwise2;

/** `a / b`, elementwise with scalars broadcast. */
export const div: Elementwise2 = elementwise<Args2>(
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
) as unknown as Elementwise2;

/** `-x`, elementwise. */
export const neg: Elementwise1 = elementwise<Args1>(
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
) as unknown as Elementwise1;
