import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testRrule, testFrule } from '@pullback/test-utils';
import { gradient, hessian, reverse, secondOrder, forward } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, sum } from '@pullback/rules-core/math';
import { normalLogpdf } from '../src/index.js';
import { expectClose } from './close.js';

const sample = new Float64Array([0.3, -1.2, 2.5, 0.9]);
/** A sample's log-likelihood as a function of (μ, σ). */
const logLikelihood = (p: RealArray): Real => sum(normalLogpdf(sample, at(p, 0), at(p, 1)));

describe('normalLogpdf', () => {
  it('passes the rule testers, second order included', () => {
    testFrule(normalLogpdf, [0.4, -0.2, 1.3], { order: 2 });
    testRrule(normalLogpdf, [0.4, -0.2, 1.3], { order: 2 });
    expect(normalLogpdf).toSatisfyRrule([sample, 0.5, 2]);
    expect(logLikelihood).toMatchFiniteDifferences(new Float64Array([0.1, 1.5]));
  });

  it('is −½ log 2π at the mean of the standard normal, and NaN for σ ≤ 0', () => {
    expect(normalLogpdf(0, 0, 1)).toBe(-0.5 * Math.log(2 * Math.PI));
    expect(normalLogpdf(1, 0, 0)).toBeNaN();
    expect(normalLogpdf(1, 0, -1)).toBeNaN();
  });

  it('has the textbook score and information at the maximum-likelihood estimate', () => {
    const n = sample.length;
    const mean = sample.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(sample.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    const g = gradient(logLikelihood, reverse(), new Float64Array([mean, sd]));
    // The score vanishes at the estimate, up to rounding in the sums (|terms| ≤ 10).
    expect(Math.abs(g[0]) + Math.abs(g[1])).toBeLessThan(1e-13);
    // The observed information there is diag(n/σ², 2n/σ²).
    const H = hessian(
      logLikelihood,
      secondOrder(forward(), reverse()),
      new Float64Array([mean, sd]),
    );
    expectClose(H.data[0], -n / sd ** 2, 1e-13);
    expectClose(H.data[3], (-2 * n) / sd ** 2, 1e-13);
    expect(Math.abs(H.data[1])).toBeLessThan(1e-13);
  });

  // Standardising: log φ_{μ,σ}(x) = log φ(z) − log σ, z = (x − μ)/σ, to a few ulps of the terms.
  test.prop([
    fc.double({ min: -10, max: 10, noNaN: true }),
    fc.double({ min: -10, max: 10, noNaN: true }),
    fc.double({ min: 0.1, max: 10, noNaN: true }),
  ])('is the standard log density of z minus log σ, and its rules hold', (x, mu, sigma) => {
    const z = (x - mu) / sigma;
    const expected = normalLogpdf(z, 0, 1) - Math.log(sigma);
    const y = normalLogpdf(x, mu, sigma);
    expect(Math.abs(y - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
    testRrule(normalLogpdf, [x, mu, sigma]);
  });
});
