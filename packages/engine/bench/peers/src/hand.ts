/**
 * The hand-written gradients every ratio is taken against: plain loops over a Float64Array, as a
 * careful programmer writes them. Copies of the ones in `../rosenbrock.bench.ts`, which runs its
 * whole benchmark on import and so cannot be imported from here.
 */
import type { Problem } from './cases.js';

/** Gradient of extended Rosenbrock, Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])². */
export function rosenbrockGradient(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    g[i] += -400 * d * a - 2 * (1 - a);
    g[i + 1] += 200 * d;
  }
  return g;
}

/**
 * Gradient of the scalar-heavy function Σ exp(−0.1 v₂₀(x[i])), v_{k+1} = 0.5 sin v_k +
 * 0.25 cos v_k², v₀ = x[i]: the chain rule through the 20 iterations, run backwards.
 */
export function heavyGradient(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  const vs = new Float64Array(21);
  for (let i = 0; i < x.length; i++) {
    let v = x[i];
    vs[0] = v;
    for (let k = 0; k < 20; k++) {
      v = 0.5 * Math.sin(v) + 0.25 * Math.cos(v * v);
      vs[k + 1] = v;
    }
    let d = -0.1 * Math.exp(-0.1 * v);
    for (let k = 19; k >= 0; k--) {
      const u = vs[k];
      d *= 0.5 * Math.cos(u) - 0.5 * u * Math.sin(u * u);
    }
    g[i] = d;
  }
  return g;
}

/** The hand-written gradient of `problem`. */
export function handGradient(problem: Problem): (x: Float64Array) => Float64Array {
  return problem === 'rosenbrock' ? rosenbrockGradient : heavyGradient;
}
