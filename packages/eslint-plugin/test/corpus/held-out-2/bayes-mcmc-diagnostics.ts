// corpus: clean
// about: MCMC chain diagnostics (autocovariance, effective sample size, split R-hat) on plain number[] chains, in the module that runs a gradient-based sampler
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sub } from '@pullback/rules-core/math';
import { reverse, valueAndGradient } from '@pullback/engine';

export function autocovariance(chain: readonly number[], lag: number): number {
  const n = chain.length;
  const mean = chain.reduce((s, v) => s + v, 0) / n;
  let acc = 0;
  for (let i = 0; i + lag < n; i++) acc += (chain[i] - mean) * (chain[i + lag] - mean);
  return acc / n;
}

export function effectiveSampleSize(chain: readonly number[]): number {
  const c0 = autocovariance(chain, 0);
  let tau = 1;
  for (let lag = 1; lag < chain.length / 2; lag++) {
    const rho = autocovariance(chain, lag) / c0;
    if (rho < 0.05) break;
    tau += 2 * rho;
  }
  return chain.length / tau;
}

export function splitRHat(chain: readonly number[]): number {
  const half = Math.floor(chain.length / 2);
  const parts = [chain.slice(0, half), chain.slice(half, 2 * half)];
  const means = parts.map((p) => p.reduce((s, v) => s + v, 0) / half);
  const vars = parts.map((p, k) => p.reduce((s, v) => s + (v - means[k]) ** 2, 0) / (half - 1));
  const W = (vars[0] + vars[1]) / 2;
  const grand = (means[0] + means[1]) / 2;
  const B = half * ((means[0] - grand) ** 2 + (means[1] - grand) ** 2);
  return Math.sqrt(((half - 1) / half) * W + B / half) / Math.sqrt(W);
}

/** Unnormalised log density of a correlated 2-D Gaussian target. */
function logDensity(q: RealArray): Real {
  const a = at(q, 0);
  const b = at(q, 1);
  return mul(-0.5, add(square(a), square(sub(b, mul(0.8, a)))));
}

/** Langevin sampler: the driver does plain arithmetic on the gradients it gets back. */
export function langevin(steps: number, eps: number, seed: number): number[] {
  let q = [0, 0];
  let state = seed;
  const normal = () => {
    state = (state * 16807) % 2147483647;
    const u1 = state / 2147483647;
    state = (state * 16807) % 2147483647;
    const u2 = state / 2147483647;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const trace: number[] = [];
  for (let s = 0; s < steps; s++) {
    const [lp, g] = valueAndGradient(logDensity, reverse(), q);
    if (!Number.isFinite(primal(lp))) break;
    q = q.map((qi, i) => qi + 0.5 * eps * eps * g[i] + eps * normal());
    trace.push(q[0]);
  }
  return trace;
}
