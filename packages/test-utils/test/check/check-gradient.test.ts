import { describe, expect, it } from 'vitest';
import {
  differentiable,
  unthunk,
  isAbstractZero,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, at, cos, mul, sin, square, sub, sum } from '@pullback/rules-core/math';
import { auto, finiteDifferences, forward, reverse } from '@pullback/engine';
import { checkGradient } from '../../src/check/check-gradient.js';
import { checkJacobian } from '../../src/check/check-jacobian.js';
import { DerivativeCheckError } from '../../src/check/derivative-check-error.js';

const rosenbrock = (x: RealArray): Real =>
  add(square(sub(1, at(x, 0))), mul(100, square(sub(at(x, 1), square(at(x, 0))))));

/** A user's own rule, wrong by a factor in one argument. */
const u = (dy: unknown): number => (isAbstractZero(unthunk(dy)) ? 0 : (unthunk(dy) as number));
const badHypot = differentiable((a: number, b: number) => Math.hypot(a, b), {
  frule: ([a, b], [da, db]) => {
    const r = Math.hypot(a, b);
    return [r, (a * u(da) + 2 * b * u(db)) / r];
  },
  rrule: ([a, b]) => {
    const r = Math.hypot(a, b);
    return [r, (dy) => [(u(dy) * a) / r, (2 * u(dy) * b) / r]];
  },
});

describe('checkGradient', () => {
  it('passes for correct AD on every backend and returns the gradient', () => {
    for (const b of [forward(), reverse(), auto(), finiteDifferences()]) {
      const g = checkGradient(rosenbrock, b, [0.5, -0.3]);
      expect(g[0]).toBeCloseTo(-2 * 0.5 - 400 * 0.5 * (-0.3 - 0.25), 6);
    }
    const nested = checkGradient(
      (p: { a: Real; b: RealArray }) => mul(p.a, sum(sin(p.b))),
      reverse(),
      {
        a: 2,
        b: new Float64Array([0.1, 0.2]),
      },
    );
    expect(nested.a).toBeCloseTo(Math.sin(0.1) + Math.sin(0.2), 12);
  });

  it('throws a readable error naming the wrong components', () => {
    const f = (x: RealArray): Real => badHypot(at(x, 0) as never, at(x, 1) as never) as Real;
    let error: unknown;
    try {
      checkGradient(f, reverse(), [0.3, 0.4]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DerivativeCheckError);
    const e = error as DerivativeCheckError;
    expect(e.mismatches.map((m) => m.component)).toEqual(['gradient[1]']);
    expect(e.mismatches[0].expected).toBeCloseTo(0.8, 8);
    expect(e.mismatches[0].actual).toBeCloseTo(1.6, 8);
    expect(e.message).toContain('gradient(f) with reverse() disagrees with finite differences');
    expect(e.message).toMatch(/component\s+finite differences\s+reverse\(\)\s+fd error/);
    expect(() => checkGradient(f, forward(), [0.3, 0.4])).toThrow(DerivativeCheckError);
  });

  it('passes extra arguments through as constants', () => {
    const scaled = (x: RealArray, k: number): Real => mul(k, sum(square(x)));
    const g = checkGradient(scaled, reverse(), [1, 2], { rest: [3] });
    expect(Array.from(g)).toEqual([6, 12]);
  });

  it('complains when f does not return a number', () => {
    expect(() => checkGradient((x: RealArray) => sin(x), reverse(), [1, 2])).toThrow(
      /checkJacobian/,
    );
  });
});

describe('checkJacobian', () => {
  it('checks every entry', () => {
    const J = checkJacobian(
      (x: RealArray) => [mul(at(x, 0), at(x, 1)), cos(at(x, 0))],
      forward(),
      [0.2, 3],
    );
    expect([J.rows, J.cols]).toEqual([2, 2]);
    const f = (x: RealArray) => [badHypot(at(x, 0) as never, at(x, 1) as never) as Real, at(x, 0)];
    expect(() => checkJacobian(f, reverse(), [0.3, 0.4])).toThrow(/J\[0, 1\]/);
  });
});
