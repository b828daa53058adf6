// corpus: buggy
// about: a dense tanh layer on Float64Array weights; the parameters are active, the hidden buffer is a Float64Array and Math.tanh coerces
import { prepareGradient, reverse } from '@pullback/engine';

const nIn = 3;
const nOut = 4;

function dense(w: Float64Array, x: Float64Array): Float64Array { // expect: prefer-generic-types
  const h = new Float64Array(nOut); // expect: no-non-generic-storage
  for (let i = 0; i < nOut; i++) {
    let s = w[nOut * nIn + i];
    for (let j = 0; j < nIn; j++) s += w[i * nIn + j] * x[j]; // expect: no-raw-arithmetic
    h[i] = Math.tanh(s); // expect: no-typed-array-write, no-active-coercion
  }
  return h;
}

const input = new Float64Array([0.5, -1, 2]);

export const prepared = prepareGradient(
  (w: Float64Array) => dense(w, input).reduce((a, b) => a + b, 0), // expect: prefer-generic-types, no-raw-arithmetic
  reverse(),
  new Float64Array(nOut * nIn + nOut),
);
