import { scalarRule, type DifferentiableFunction, type Real } from '@pullback/rules-core';
import { add, div, mul, neg, square, sub, type ElementwiseN } from '@pullback/rules-core/math';
import { logGamma } from './log-gamma.js';

/** The log density of a Student-t distribution with fixed degrees of freedom, as a function of `(x, mu, sigma)`. */
export type StudentTLogpdf = DifferentiableFunction<ElementwiseN<[Real, Real, Real]>>;

/**
 * The log density of Student's t distribution with `nu` degrees of freedom, location `mu` and
 * scale `sigma`, as a function of `(x, mu, sigma)`:
 * log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + z²/ν), z = (x − μ)/σ.
 * `NaN` unless `sigma > 0`. Elementwise on arrays, like `normalLogpdf`.
 *
 * The degrees of freedom are fixed when the function is made, as a plain number: derivatives
 * with respect to ν would need the digamma function, which this package does not provide, and
 * passing ν as an argument that is silently not differentiated would be worse than not
 * accepting it. Make the function once and reuse it (each call of `studentTLogpdf` declares a
 * new differentiable function).
 *
 * Why a rule: one node per element instead of about ten, and the partials
 * −w, w, w·z − 1/σ with w = (ν + 1)·z / (σ(ν + z²)) are differentiable again.
 *
 * @example
 * ```ts
 * const t3 = studentTLogpdf(3);
 * t3(0.5, 0, 1); // −1.16097…
 * sum(t3(residuals, 0, sigma)); // a robust log-likelihood, differentiable in sigma
 * ```
 */
export function studentTLogpdf(nu: number): StudentTLogpdf {
  if (typeof nu !== 'number' || !(nu > 0) || !Number.isFinite(nu)) {
    throw new TypeError(
      `studentTLogpdf(nu): the degrees of freedom must be a finite positive plain number, got ${typeof nu === 'number' ? nu : typeof nu}. ` +
        'Derivatives with respect to nu are not provided; for nu → ∞ use normalLogpdf.',
    );
  }
  const constant = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  const half = (nu + 1) / 2;
  return scalarRule<[number, number, number]>(
    function studentTLogpdf(x: number, mu: number, sigma: number): number {
      if (!(sigma > 0)) return NaN;
      const z = (x - mu) / sigma;
      return constant - Math.log(sigma) - half * Math.log1p((z * z) / nu);
    },
    (x, mu, sigma) => {
      const z = div(sub(x, mu), sigma);
      const w = div(mul(nu + 1, z), mul(sigma, add(nu, square(z))));
      return [neg(w), w, sub(mul(w, z), div(1, sigma))];
    },
  );
}
