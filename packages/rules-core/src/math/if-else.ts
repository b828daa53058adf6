import type { Real, RealArray } from '../active.js';
import { describe, differentiable, type DifferentiableFunction } from '../differentiable.js';
import { noTangent, zeroTangent } from '../tangent.js';
import { at } from './indexing.js';
import { collect, nonZero } from './internal/arrays.js';
import { ShapeMismatchError } from './errors.js';
import { unbroadcast } from './arithmetic.js';

/** `ifElse`'s signature. */
export interface IfElse {
  <T extends Real | RealArray>(cond: boolean, a: T, b: T): T;
  (cond: boolean | readonly boolean[], a: Real | RealArray, b: Real | RealArray): Real | RealArray;
}

function checkCondition(cond: unknown): void {
  if (typeof cond === 'boolean') return;
  if (Array.isArray(cond) && cond.every((c) => typeof c === 'boolean')) return;
  throw new TypeError(
    `ifElse(cond, a, b): expected cond to be a boolean or an array of booleans (from lt, gt, ... ` +
      `or a comparison of primal(x)), got ${describe(cond)}.`,
  );
}

function isScalar(x: unknown): boolean {
  return typeof x === 'number' || typeof (x as { length?: unknown }).length !== 'number';
}

/** Element `i` of `x`, or `x` itself when it is a scalar being broadcast. */
function element(x: unknown, i: number): Real {
  return isScalar(x) ? (x as Real) : at(x as RealArray, i);
}

/** The length of an elementwise selection, checked against the arrays among `a` and `b`. */
function selectionLength(cond: readonly boolean[], a: unknown, b: unknown): number {
  const n = cond.length;
  for (const [name, v] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (!isScalar(v) && (v as { length: number }).length !== n) {
      throw new ShapeMismatchError(
        `ifElse: cond has length ${n} and ${name} has length ${(v as { length: number }).length}; ` +
          'expected arrays of equal length, or a scalar to broadcast.',
      );
    }
  }
  return n;
}

/**
 * `cond ? a : b` without losing derivatives: the derivative flows to the branch taken, the other
 * branch gets zero. With an array of booleans it selects elementwise, scalars broadcast. The
 * condition comes from primals (`lt(x, 0)`, `primal(x) > 0`); it has no derivative.
 */
export const ifElse: DifferentiableFunction<IfElse> = differentiable(
  function ifElse(
    cond: boolean | readonly boolean[],
    a: Real | RealArray,
    b: Real | RealArray,
  ): Real | RealArray {
    checkCondition(cond);
    if (typeof cond === 'boolean') {
      const chosen = cond ? a : b;
      // A copy, so that writing into the result never writes into an argument.
      return isScalar(chosen) ? chosen : collect(Array.from(chosen as ArrayLike<Real>));
    }
    const n = selectionLength(cond as readonly boolean[], a, b);
    const out: Real[] = new Array<Real>(n);
    for (let i = 0; i < n; i++) out[i] = cond[i] ? element(a, i) : element(b, i);
    return collect(out);
  },
  {
    frule: ([cond, a, b], [, da, db]) => {
      const y = ifElse(cond, a, b);
      const ta = nonZero<Real | RealArray>(da);
      const tb = nonZero<Real | RealArray>(db);
      if (typeof cond === 'boolean') {
        const t = cond ? ta : tb;
        return [y, t === undefined ? zeroTangent : t];
      }
      if (ta === undefined && tb === undefined) return [y, zeroTangent];
      const n = (cond as readonly boolean[]).length;
      const out: Real[] = new Array<Real>(n);
      for (let i = 0; i < n; i++) {
        const t = cond[i] ? ta : tb;
        out[i] = t === undefined ? 0 : element(t, i);
      }
      return [y, collect(out)];
    },
    rrule: ([cond, a, b]) => [
      ifElse(cond, a, b),
      (dy) => {
        const u = nonZero<Real | RealArray>(dy);
        if (u === undefined) return [noTangent, zeroTangent, zeroTangent];
        if (typeof cond === 'boolean') {
          return cond ? [noTangent, u, zeroTangent] : [noTangent, zeroTangent, u];
        }
        const n = (cond as readonly boolean[]).length;
        const ua: Real[] = new Array<Real>(n);
        const ub: Real[] = new Array<Real>(n);
        for (let i = 0; i < n; i++) {
          const ui = element(u, i);
          ua[i] = cond[i] ? ui : 0;
          ub[i] = cond[i] ? 0 : ui;
        }
        return [noTangent, unbroadcast(collect(ua), a), unbroadcast(collect(ub), b)];
      },
    ],
  },
  { nondiff: [0] },
) as DifferentiableFunction<IfElse>;
