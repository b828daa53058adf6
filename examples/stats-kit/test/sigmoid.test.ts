import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testScalar } from '@pullback/test-utils';
import { derivative, forward, reverse } from '@pullback/engine';
import { sigmoid } from '../src/index.js';
import { expectClose } from './close.js';

describe('sigmoid', () => {
  it('passes the rule testers, second order included', () => {
    testScalar(sigmoid, 0.3, { order: 2 });
    expect(sigmoid).toSatisfyFrule([new Float64Array([-4, 0, 4])]);
  });

  // σ′ = σ(x)σ(−x) = e^−|x| / (1 + e^−|x|)², to rounding on either side; at ±800 it underflows
  // to 0 (e⁻⁸⁰⁰ ≈ 4e-348).
  it.each([-800, -30, 0, 30, 800])('at %d its derivative is e^−|x| / (1 + e^−|x|)²', (x) => {
    const e = Math.exp(-Math.abs(x));
    for (const b of [forward(), reverse()])
      expectClose(derivative(sigmoid, b, x), e / (1 + e) ** 2, 1e-15);
  });

  // σ(x) + σ(−x) = 1: each term is correctly rounded to about an ulp, so the sum is within 2ε.
  test.prop([fc.double({ min: -745, max: 745, noNaN: true })])(
    'σ(x) + σ(−x) = 1, and its rules hold',
    (x) => {
      expect(Math.abs(sigmoid(x) + sigmoid(-x) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
      if (Math.abs(x) < 30) testScalar(sigmoid, x);
    },
  );
});
