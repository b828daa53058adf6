// corpus: clean
// about: an implicit heat-equation step solved by the Thomas algorithm on Float64Array, declared with frule and rrule that call it again on primals, so its body only ever runs on numbers
import { gradient, reverse } from '@pullback/engine';
import {
  differentiable,
  isZeroTangent,
  noTangent,
  unthunk,
  zeroTangent,
  type DifferentiableFunction,
  type RealArray,
} from '@pullback/rules-core';
import { dot } from '@pullback/rules-core/math';

/** Solves (I − κΔ) y = d for the 1-D Laplacian with zero boundary values (symmetric tridiagonal). */
function thomas(kappa: number, d: Float64Array): Float64Array {
  const n = d.length;
  const diag = 1 + 2 * kappa;
  const c = new Float64Array(n);
  const y = new Float64Array(n);
  c[0] = -kappa / diag;
  y[0] = d[0] / diag;
  for (let i = 1; i < n; i++) {
    const m = diag + kappa * c[i - 1];
    c[i] = -kappa / m;
    y[i] = (d[i] + kappa * y[i - 1]) / m;
  }
  for (let i = n - 2; i >= 0; i--) y[i] -= c[i] * y[i + 1];
  return y;
}

// The step is linear in d and its matrix is symmetric: the pushforward and the pullback are the same solve.
export const heatStep: DifferentiableFunction<(kappa: number, d: Float64Array) => Float64Array> = differentiable(
  (kappa: number, d: Float64Array): Float64Array => thomas(kappa, d),
  {
    frule: ([kappa, d], [, dd]) => [
      heatStep(kappa, d),
      isZeroTangent(dd) ? zeroTangent : heatStep(kappa, dd as Float64Array),
    ],
    rrule: ([kappa, d]) => [
      heatStep(kappa, d),
      (dy) => {
        const g = unthunk(dy);
        return [noTangent, isZeroTangent(g) ? zeroTangent : heatStep(kappa, g as Float64Array)];
      },
    ],
  },
  { nondiff: [0] },
);

/** Sensitivity of a probe reading after ten implicit steps to the initial temperature profile. */
export function probeSensitivity(u0: Float64Array, probe: Float64Array, kappa = 0.25): Float64Array {
  return gradient(
    (u: RealArray) => {
      let state = u;
      for (let s = 0; s < 10; s++) state = heatStep(kappa, state as Float64Array);
      return dot(state, probe);
    },
    reverse(),
    u0,
  );
}
