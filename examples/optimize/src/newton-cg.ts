import { approximatelyWolfe } from './line-search.js';
import { NegativeCurvatureError } from './negative-curvature-error.js';
import type { Iteration, OptimisationResult, OptimiserOptions, ValueAndGradient } from './types.js';
import { dot, norm, step } from './vectors.js';

/** A Hessian-vector product at a point: what a prepared `hvp` returns. */
export type HessianVectorProduct = (x: Float64Array, v: Float64Array) => Float64Array;

/**
 * Minimises a smooth convex function by truncated Newton (Newton-CG; Nocedal & Wright,
 * Algorithm 7.1): each step solves H p = −∇ by conjugate gradients using only Hessian-vector
 * products, to the forcing tolerance min(½, √‖∇‖)·‖∇‖ (so convergence becomes quadratic), then
 * backtracks from the full step until the loss decreases sufficiently. Throws
 * `NegativeCurvatureError` at negative curvature, which a convex loss does not have. `evaluations` counts value-and-gradient
 * evaluations and Hessian-vector products.
 */
export function newtonCG(
  fg: ValueAndGradient,
  hvp: HessianVectorProduct,
  x0: Float64Array,
  options: OptimiserOptions = {},
): OptimisationResult {
  const tolerance = options.gradientTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  let evaluations = 1;
  let x: Float64Array = Float64Array.from(x0);
  let [value, gradient] = fg(x);
  const iterations: Iteration[] = [];
  const log = (): void =>
    void iterations.push({
      iteration: iterations.length,
      loss: value,
      gradientNorm: norm(gradient),
      evaluations,
    });
  log();
  while (norm(gradient) > tolerance && iterations.length <= maxIterations) {
    const g = gradient;
    // The forcing term min(½, √‖∇‖)·‖∇‖ makes convergence superlinear; below a tenth of the
    // tolerance a more accurate solve buys nothing, and rounding in the products forbids it.
    const forcing = Math.max(Math.min(0.5, Math.sqrt(norm(g))) * norm(g), tolerance / 10);
    // Conjugate gradients on H p = −g from p = 0.
    const p = new Float64Array(g.length);
    const r = Float64Array.from(g, (v) => -v);
    const d = Float64Array.from(r);
    for (let k = 0; k < 2 * g.length && norm(r) > forcing; k++) {
      const Hd = hvp(x, d);
      evaluations++;
      const curvature = dot(d, Hd);
      if (curvature <= 0) {
        throw new NegativeCurvatureError(
          `newtonCG: the Hessian has negative curvature along a search direction (dᵀHd = ${curvature}); the loss is not convex here, use lbfgs.`,
        );
      }
      const rr = dot(r, r);
      const alpha = rr / curvature;
      for (let i = 0; i < p.length; i++) {
        p[i] += alpha * d[i];
        r[i] -= alpha * Hd[i];
      }
      const beta = dot(r, r) / rr;
      for (let i = 0; i < d.length; i++) d[i] = r[i] + beta * d[i];
    }
    // Backtracking (Armijo, c₁ = 1e-4) from the Newton step, or the approximate Wolfe conditions
    // once the decrease is below the loss's rounding.
    const slope = dot(g, p);
    let t = 1;
    let accepted = false;
    for (let k = 0; k < 40 && !accepted; k++, t /= 2) {
      const xt = step(x, t, p);
      const [vt, gt] = fg(xt);
      evaluations++;
      if (vt <= value + 1e-4 * t * slope || approximatelyWolfe(value, slope, vt, dot(gt, p))) {
        [x, value, gradient] = [xt, vt, gt];
        accepted = true;
      }
    }
    if (!accepted) break; // no decrease along the Newton direction: at the limit of precision
    log();
  }
  return {
    x,
    loss: value,
    gradientNorm: norm(gradient),
    iterations,
    converged: norm(gradient) <= tolerance,
  };
}
