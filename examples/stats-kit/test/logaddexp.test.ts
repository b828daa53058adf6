import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testFrule, testRrule } from '@pullback/test-utils';
import { forward, gradient, hessian, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, log } from '@pullback/rules-core/math';
import { logaddexp } from '../src/index.js';
import { expectClose } from './close.js';

const backends = [forward(), reverse()];
const pair = (v: RealArray): Real => logaddexp(at(v, 0), at(v, 1));
const σ = (t: number): number => 1 / (1 + Math.exp(-t));

describe('logaddexp', () => {
  it('passes the rule testers, second order included', () => {
    testFrule(logaddexp, [0.3, -1.2], { order: 2 });
    testRrule(logaddexp, [0.3, -1.2], { order: 2 });
    expect(logaddexp).toSatisfyRrule([new Float64Array([1, -2, 3]), 0.5]);
    expect(pair).toMatchFiniteDifferences(new Float64Array([2, 2.5]), reverse());
  });

  // Exact references: log(2eᵃ) = a + log 2; log(eᵃ + eᵃ⁻¹) = a + log1p(e⁻¹); the partials are
  // σ(a − b) and σ(b − a); e⁻²⁰⁰⁰ underflows to 0.
  it.each([
    [1000, 1000, 1000 + Math.LN2, 0.5, 0.5],
    [-1000, -1000, -1000 + Math.LN2, 0.5, 0.5],
    [1000, 999, 1000 + Math.log1p(Math.exp(-1)), σ(1), σ(-1)],
    [-1000, 1000, 1000, 0, 1],
    [-Infinity, 3, 3, 0, 1],
  ])('at (%d, %d): value and gradient in forward and reverse mode', (a, b, value, ga, gb) => {
    expect(logaddexp(a, b)).toBe(value);
    for (const backend of backends) {
      const g = gradient(pair, backend, new Float64Array([a, b]));
      expectClose(g[0], ga, 1e-15);
      expectClose(g[1], gb, 1e-15);
    }
  });

  it('has the Hessian σσ′·[[1, −1], [−1, 1]] at (1000, 1000)', () => {
    const H = hessian(pair, forward(), new Float64Array([1000, 1000]));
    expect(Array.from(H.data)).toEqual([0.25, -0.25, -0.25, 0.25]);
  });

  it('is needed: the traced formula log(exp(a) + exp(b)) overflows at 1000', () => {
    const naive = (v: RealArray): Real => log(add(exp(at(v, 0)), exp(at(v, 1))));
    expect(naive([1000, 1000])).toBe(Infinity);
    for (const b of backends) expect(gradient(naive, b, [1000, 1000])[0]).not.toBe(0.5);
  });

  // Where exp does not overflow, log(eᵃ + eᵇ) is a fine reference to a few ulps of the result
  // (rounding in exp, one addition and log: about 4 ulps; 1e-14 leaves room). The identity
  // logaddexp(a + c, b + c) = logaddexp(a, b) + c holds to rounding at any size.
  const finite = fc.double({ min: -300, max: 300, noNaN: true });
  test.prop([finite, finite])('matches log(eᵃ + eᵇ), is symmetric, and its rules hold', (a, b) => {
    const y = logaddexp(a, b);
    const scale = Math.max(1, Math.abs(y));
    expect(Math.abs(y - Math.log(Math.exp(a) + Math.exp(b)))).toBeLessThanOrEqual(1e-14 * scale);
    expect(logaddexp(b, a)).toBe(y);
    expect(y).toBeGreaterThanOrEqual(Math.max(a, b));
    expect(Math.abs(logaddexp(a + 700, b + 700) - (y + 700))).toBeLessThanOrEqual(
      1e-14 * Math.max(1, Math.abs(y + 700)),
    );
    if (Math.abs(a - b) < 30) testRrule(logaddexp, [a, b]);
  });
});
