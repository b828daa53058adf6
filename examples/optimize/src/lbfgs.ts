import { strongWolfe } from './line-search.js';
import type { Iteration, OptimisationResult, OptimiserOptions, ValueAndGradient } from './types.js';
import { dot, minus, norm } from './vectors.js';

/** Options of `lbfgs`. */
export interface LbfgsOptions extends OptimiserOptions {
  /** How many correction pairs to keep (default 10). */
  readonly memory?: number;
}

/**
 * Minimises a smooth function by L-BFGS (Nocedal & Wright, Algorithm 7.5): the two-loop
 * recursion over the last `memory` steps and gradient changes, with the initial Hessian
 * scaled by sᵀy / yᵀy, and a strong Wolfe line search (which keeps sᵀy > 0). `fg` gives
 * value and gradient together, as a prepared `valueAndGradient` does.
 */
export function lbfgs(
  fg: ValueAndGradient,
  x0: Float64Array,
  options: LbfgsOptions = {},
): OptimisationResult {
  const memory = options.memory ?? 10;
  const tolerance = options.gradientTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  let evaluations = 1;
  const count = (): void => void evaluations++;
  let x: Float64Array = Float64Array.from(x0);
  let [value, gradient] = fg(x);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
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
    let d = direction(gradient, s, y);
    if (dot(d, gradient) >= 0) {
      // Not a descent direction (rounding in a stale memory): start the memory afresh.
      s.length = y.length = 0;
      d = direction(gradient, s, y);
    }
    // The first step has no curvature to scale it: keep its length at most 1.
    const t0 = s.length === 0 ? Math.min(1, 1 / norm(gradient)) : 1;
    const next = strongWolfe(fg, x, value, gradient, d, t0, count);
    if (next === undefined) break; // no step decreases the loss: at the limit of precision
    s.push(minus(next.x, x));
    y.push(minus(next.gradient, gradient));
    if (s.length > memory) {
      s.shift();
      y.shift();
    }
    x = next.x;
    value = next.value;
    gradient = next.gradient;
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

/** −H∇ by the two-loop recursion; −∇ when the memory is empty. */
function direction(
  g: Float64Array,
  s: readonly Float64Array[],
  y: readonly Float64Array[],
): Float64Array {
  const q = Float64Array.from(g);
  const alpha = new Array<number>(s.length);
  for (let i = s.length - 1; i >= 0; i--) {
    alpha[i] = dot(s[i], q) / dot(y[i], s[i]);
    for (let j = 0; j < q.length; j++) q[j] -= alpha[i] * y[i][j];
  }
  const last = s.length - 1;
  const gamma = last >= 0 ? dot(s[last], y[last]) / dot(y[last], y[last]) : 1;
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < s.length; i++) {
    const beta = dot(y[i], q) / dot(y[i], s[i]);
    for (let j = 0; j < q.length; j++) q[j] += (alpha[i] - beta) * s[i][j];
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}
