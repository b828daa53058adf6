import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { fdm, testScalar } from '@pullback/test-utils';
import { derivative, forward, reverse, secondDerivative } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { exp, log, sub } from '@pullback/rules-core/math';
import { log1mexp } from '../src/index.js';
import { expectClose } from './close.js';

const backends = [forward(), reverse()];

// Near 0⁻, log(1 − eˣ) = log(−x) + log((eˣ − 1)/x) = log(−x) + x/2 + x²/24 − x⁴/2880 + O(x⁶),
// and its derivatives follow term by term. For |x| ≤ 1e-3 the first omitted terms are below
// 1e-22 relative, so these series are exact to rounding: an independent, careful reference.
const series = (x: number): number => Math.log(-x) + x / 2 + x ** 2 / 24 - x ** 4 / 2880;
const seriesD1 = (x: number): number => 1 / x + 1 / 2 + x / 12 - x ** 3 / 720;
const seriesD2 = (x: number): number => -1 / x ** 2 + 1 / 12 - x ** 2 / 240;

describe('log1mexp', () => {
  it('passes the rule testers, second order included', () => {
    testScalar(log1mexp, -0.3, { order: 2 });
    testScalar(log1mexp, -2.5, { order: 2 });
    expect(log1mexp).toSatisfyFrule([new Float64Array([-0.1, -1, -5])]);
    // Close to 0 the function is steep: a smaller stencil keeps finite differences in x < 0.
    expect(log1mexp).toSatisfyRrule([-1e-3], { fdm: fdm({ maxRange: 1e-5 }) });
  });

  it.each([-1e-300, -1e-20, -1e-10, -1e-5, -1e-3])(
    'near 0 at %d: value, derivative and second derivative match the series',
    (x) => {
      // log1mexp is log(−expm1(x)) there: two correctly rounded steps, a few ulps.
      expectClose(log1mexp(x), series(x), 4 * Number.EPSILON);
      for (const b of backends) expectClose(derivative(log1mexp, b, x), seriesD1(x), 4e-16);
      if (x > -1e-150) return; // −1/x² overflows below
      expectClose(secondDerivative(log1mexp, forward(), x), seriesD2(x), 1e-15);
    },
  );

  it('far from 0 it is −eˣ to rounding, with derivative −eˣ', () => {
    // log1p(−t) = −t − t²/2 − …, and t = e⁻⁴⁰ ≈ 4e-18 makes t² invisible.
    expectClose(log1mexp(-40), -Math.exp(-40), 2 * Number.EPSILON);
    for (const b of backends) expectClose(derivative(log1mexp, b, -40), -Math.exp(-40), 1e-15);
    expect(log1mexp(-800)).toBe(-0);
  });

  it('is −Infinity at 0 and NaN above it, like Math.log of 0 and of a negative number', () => {
    expect(log1mexp(0)).toBe(-Infinity);
    expect(log1mexp(0.5)).toBeNaN();
  });

  it('is needed: the traced formula log(1 − exp(x)) is −Infinity at x = −1e-20', () => {
    const naive = (x: Real): Real => log(sub(1, exp(x)));
    expect(naive(-1e-20)).toBe(-Infinity);
    expect(derivative(naive, reverse(), -1e-20)).toBe(-Infinity);
    // At −1e-10 it is finite but wrong in the eighth digit.
    const relativeError = Math.abs(
      (derivative(naive, reverse(), -1e-10) as number) / seriesD1(-1e-10) - 1,
    );
    expect(relativeError).toBeGreaterThan(1e-8);
  });

  // An identity that holds on both sides of −log 2, where the two branches meet: 1 − e^y = eˣ
  // for y = log1mexp(x). −expm1(y) is accurate to rounding and, near y = 0, amplifies y's
  // relative error by |y|·e^y / (1 − e^y) ≤ 1; so a few ulps, with room: 1e-14.
  test.prop([fc.double({ min: -40, max: -1e-6, noNaN: true })])(
    'satisfies 1 − e^log1mexp(x) = eˣ, and its rules hold',
    (x) => {
      expectClose(-Math.expm1(log1mexp(x)), Math.exp(x), 1e-14);
      testScalar(log1mexp, x, { fdm: fdm({ maxRange: Math.min(1e-2, -x / 10) }) });
    },
  );
});
