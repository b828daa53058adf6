// corpus: clean
// about: a legacy simulator on Float64Arrays wrapped with differentiateWith and finite differences, so it only ever runs on numbers
import { differentiateWith, finiteDifferences, gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { mul, sum } from '@pullback/rules-core/math';

function legacySimulate(params: Float64Array): Float64Array {
  const out = new Float64Array(10);
  let x = params[0];
  for (let t = 0; t < out.length; t++) {
    x = x + 0.1 * (params[1] - x) + 0.01 * Math.sin(t);
    out[t] = Math.round(x * 1e6) / 1e6;
  }
  return out;
}

const simulate = differentiateWith(legacySimulate, finiteDifferences());

export const dOut = gradient(
  (p: RealArray) => mul(0.1, sum(simulate(p as Float64Array))),
  reverse(),
  [0, 1],
);
