// corpus: buggy
// about: layer normalisation on Float64Array for an input saliency map; the input being differentiated is summed with += and written into a new Float64Array
import { gradient, reverse } from '@pullback/engine';
import { dot } from '@pullback/rules-core/math';

const EPS = 1e-5;

export function layerNorm(x: Float64Array, gamma: Float64Array, beta: Float64Array): Float64Array { // expect: prefer-generic-types
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]; // expect: no-raw-arithmetic
  mean /= n; // expect: no-raw-arithmetic
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (x[i] - mean) ** 2; // expect: no-raw-arithmetic
  const inv = 1 / Math.sqrt(variance / n + EPS); // expect: no-raw-arithmetic, no-active-coercion
  const y = new Float64Array(n); // expect: no-non-generic-storage
  for (let i = 0; i < n; i++) y[i] = gamma[i] * (x[i] - mean) * inv + beta[i]; // expect: no-typed-array-write, no-raw-arithmetic
  return y;
}

/** How one projection of the normalised features responds to each input feature. */
export function saliency(x: Float64Array, gamma: Float64Array, beta: Float64Array, probe: Float64Array): Float64Array {
  return gradient((v: Float64Array) => dot(layerNorm(v, gamma, beta), probe), reverse(), x); // expect: prefer-generic-types
}
