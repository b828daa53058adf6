// corpus: clean
// about: polynomial features and a generic linear predictor used by fit.ts; the feature expansion runs on plain data
import type { Real, RealArray } from '@pullback/rules-core';
import { dot } from '@pullback/rules-core/math';

export function polynomialFeatures(x: number, degree: number): Float64Array {
  const out = new Float64Array(degree + 1);
  let p = 1;
  for (let d = 0; d <= degree; d++) {
    out[d] = p;
    p *= x;
  }
  return out;
}

export function predict(w: RealArray, features: Float64Array): Real {
  return dot(w, features);
}
