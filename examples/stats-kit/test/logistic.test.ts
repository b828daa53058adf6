import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testFrule, testRrule } from '@pullback/test-utils';
import { derivative, forward, gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, log, neg, sum } from '@pullback/rules-core/math';
import { logistic, sigmoid } from '../src/index.js';
import { expectClose } from './close.js';

const backends = [forward(), reverse()];
const loss = (v: RealArray): Real => logistic(at(v, 0), at(v, 1));

describe('logistic (the logistic loss)', () => {
  it('passes the rule testers, second order included', () => {
    testFrule(logistic, [0.8, 1], { order: 2 });
    testRrule(logistic, [-1.7, 0.25], { order: 2 });
    expect(logistic).toSatisfyRrule([new Float64Array([2, -1, 0.5]), new Float64Array([1, 0, 1])]);
  });

  // softplus(z) − t·z at |z| = 1000: the exact losses are e⁻¹⁰⁰⁰ (0 in double) or 1000; the
  // partials σ(z) − t and −z.
  it.each([
    [1000, 1, 0, 0, -1000],
    [-1000, 1, 1000, -1, 1000],
    [1000, 0, 1000, 1, -1000],
    [-1000, 0, 0, 0, 1000],
    [0, 1, Math.LN2, -0.5, 0],
  ])('at z = %d, t = %d: loss and gradient exact', (z, t, value, dz, dt) => {
    expect(logistic(z, t)).toBe(value);
    for (const b of backends) {
      const g = gradient(loss, b, new Float64Array([z, t]));
      expectClose(g[0], dz, 1e-15);
      expectClose(g[1], dt, 1e-15);
    }
  });

  it('is needed: the traced −log σ(z) is Infinity with a NaN slope at z = −1000', () => {
    const naive = (z: Real): Real => neg(log(sigmoid(z)));
    expect(naive(-1000)).toBe(Infinity);
    expect(derivative(naive, reverse(), -1000)).toBeNaN();
  });

  it('sums over a data set and differentiates in the logits', () => {
    const labels = new Float64Array([1, 0, 1]);
    const total = (z: RealArray): Real => sum(logistic(z, labels));
    const g = gradient(total, reverse(), new Float64Array([2, -1, 0.5]));
    expect(Array.from(g).map((v, i) => v - (sigmoid([2, -1, 0.5][i]) - labels[i]))).toEqual([
      0, 0, 0,
    ]);
  });

  // −t·log σ(z) − (1 − t)·log σ(−z), with each log σ as −log1p(e^∓z): accurate to a few ulps for
  // |z| ≤ 30, where e^|z| does not overflow (and 1e-14 relative, plus 1e-300 for the zeros).
  test.prop([fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, 1)])(
    'matches the cross-entropy for labels 0 and 1, and its rules hold',
    (z, t) => {
      const reference = t * Math.log1p(Math.exp(-z)) + (1 - t) * Math.log1p(Math.exp(z));
      expect(Math.abs(logistic(z, t) - reference)).toBeLessThanOrEqual(
        1e-14 * Math.abs(reference) + 1e-300,
      );
      testRrule(logistic, [z, t]);
    },
  );
});
