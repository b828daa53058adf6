import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testFrule, testRrule, testScalar } from '@pullback/test-utils';
import { derivative, forward, reverse, secondDerivative } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { add, exp, log } from '@pullback/rules-core/math';
import { sigmoid, softplus } from '../src/index.js';
import { expectClose } from './close.js';

const backends = [forward(), reverse()];

describe('softplus', () => {
  it('passes the rule testers, second order included', () => {
    testScalar(softplus, 0.7, { order: 2 });
    testScalar(softplus, -3.1, { order: 2 });
    testFrule(softplus, [new Float64Array([-2, 0.5, 3])]);
    testRrule(softplus, [new Float64Array([-2, 0.5, 3])]);
    expect(sigmoid).toSatisfyRrule([1.3], { order: 2 });
  });

  // At ±800 the exact values are 800 + log1p(e⁻⁸⁰⁰) and log1p(e⁻⁸⁰⁰) ≈ e⁻⁸⁰⁰ ≈ 3.7e-348: they
  // round to 800 and 0, and the derivative σ(±800) to 1 and 0, with no error at all. At −700,
  // log1p(t) = t to rounding for t = e⁻⁷⁰⁰ (the next term is t²/2), and σ(−700) = t/(1 + t) = t.
  it.each([
    [800, 800, 1],
    [-800, 0, 0],
    [700, 700, 1],
    [-700, Math.exp(-700), Math.exp(-700)],
  ])('at %d: value and derivative exact, in forward and reverse mode', (x, value, slope) => {
    expect(softplus(x)).toBe(value);
    for (const b of backends) expectClose(derivative(softplus, b, x), slope, 1e-15);
  });

  it('has the second derivative σ(1 − σ) out to ±800', () => {
    for (const x of [-800, -30, 0, 30, 800]) {
      // σ(1 − σ) from σ alone loses digits where σ ≈ 1; e^−|x| / (1 + e^−|x|)² does not.
      const e = Math.exp(-Math.abs(x));
      expectClose(secondDerivative(softplus, forward(), x), e / (1 + e) ** 2, 1e-14);
    }
  });

  it('is needed: the traced formula log(1 + exp(x)) overflows at 800', () => {
    const naive = (x: Real): Real => log(add(1, exp(x)));
    expect(naive(800)).toBe(Infinity);
    for (const b of backends) expect(derivative(naive, b, 800)).not.toBe(1);
  });

  // softplus(x) − softplus(−x) = x exactly; both sides are computed to rounding, so the
  // difference is within a few ulps of the larger term.
  test.prop([fc.double({ min: -700, max: 700, noNaN: true })])(
    'softplus(x) − softplus(−x) = x, and the rules hold at random points',
    (x) => {
      const d = softplus(x) - softplus(-x);
      expect(Math.abs(d - x)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(1, Math.abs(x)));
      if (Math.abs(x) < 30) testScalar(softplus, x);
    },
  );
});
