// corpus: buggy
// about: cosine similarity on Float64Array arguments with += loops and Math.sqrt, differentiated in the first vector
import { gradient, reverse } from '@pullback/engine';

function cosine(a: Float64Array, b: Float64Array): number { // expect: prefer-generic-types
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i]; // expect: no-raw-arithmetic
    aa += a[i] * a[i]; // expect: no-raw-arithmetic
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb); // expect: no-raw-arithmetic, no-active-coercion
}

const reference = new Float64Array([0.2, 0.9, -0.4]);

export const dCos = gradient((a: Float64Array) => cosine(a, reference), reverse(), [1, 0, 0]); // expect: prefer-generic-types
