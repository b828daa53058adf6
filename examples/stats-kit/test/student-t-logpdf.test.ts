import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testFrule, testRrule } from '@pullback/test-utils';
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { normalLogpdf, studentTLogpdf } from '../src/index.js';

const cauchy = studentTLogpdf(1);
const t2 = studentTLogpdf(2);
const t5 = studentTLogpdf(5);

describe('studentTLogpdf', () => {
  it('passes the rule testers, second order included', () => {
    testFrule(t5, [0.4, -0.2, 1.3], { order: 2 });
    testRrule(t5, [0.4, -0.2, 1.3], { order: 2 });
    expect(cauchy).toSatisfyRrule([new Float64Array([3, -1, 0.2]), 0.5, 2]);
  });

  it('approaches the normal log density as ν grows', () => {
    // log t_ν − log φ = O(1/ν): (z⁴ − 2z² − 1)/(4ν) at z = 0.7 is about 3e-7 for ν = 1e6.
    const tBig = studentTLogpdf(1e6);
    expect(Math.abs(tBig(0.7, 0, 1) - normalLogpdf(0.7, 0, 1))).toBeLessThan(1e-6);
  });

  it('refuses degrees of freedom it cannot honour, with a message that says why', () => {
    expect(() => studentTLogpdf(0)).toThrow(/finite positive plain number, got 0/);
    expect(() => studentTLogpdf(Number.NaN)).toThrow(TypeError);
    // Differentiating in ν would need digamma: an active ν is refused, never silently ignored.
    expect(() =>
      gradient((nu: Real) => studentTLogpdf(nu as number)(1, 0, 1), reverse(), 3),
    ).toThrow(/Derivatives with respect to nu are not provided/);
  });

  // Closed forms: ν = 1 is Cauchy, 1/(πσ(1 + z²)); ν = 2 is (2√2 σ)⁻¹ (1 + z²/2)^(−3/2). The
  // Lanczos log Γ is good to ~1e-15, so 1e-13 relative to max(1, |value|) is generous.
  const real = fc.double({ min: -20, max: 20, noNaN: true });
  const scale = fc.double({ min: 0.1, max: 10, noNaN: true });
  test.prop([real, real, scale])(
    'matches the Cauchy and ν = 2 closed forms, and its rules hold',
    (x, mu, sigma) => {
      const z = (x - mu) / sigma;
      const c = -Math.log(Math.PI * sigma) - Math.log1p(z * z);
      const two = -Math.log(2 * Math.SQRT2 * sigma) - 1.5 * Math.log1p((z * z) / 2);
      expect(Math.abs(cauchy(x, mu, sigma) - c)).toBeLessThanOrEqual(1e-13 * Math.max(1, -c));
      expect(Math.abs(t2(x, mu, sigma) - two)).toBeLessThanOrEqual(1e-13 * Math.max(1, -two));
      testRrule(t5, [x, mu, sigma]);
    },
  );
});
