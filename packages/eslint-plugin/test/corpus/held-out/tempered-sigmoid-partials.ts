// corpus: buggy
// about: a temperature-scaled sigmoid declared with differentiable(fn, { partials }); the partials give dσ/dx only, one entry for two arguments, while the temperature is fitted too
import { gradient, reverse } from '@pullback/engine';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, div, exp, log, mul, neg, sub } from '@pullback/rules-core/math';

export const temperedSigmoid = differentiable(
  (z: Real, temperature: Real): Real => div(1, add(1, exp(neg(div(z, temperature))))),
  {
    partials: (_z, temperature, y) => [div(mul(y, sub(1, y)), temperature)], // expect: valid-rule
  },
);

export function calibrationLoss(params: RealArray, scores: readonly number[], labels: readonly number[]): Real {
  const temperature = at(params, 0);
  const shift = at(params, 1);
  let nll: Real = 0;
  for (let n = 0; n < scores.length; n++) {
    const p = temperedSigmoid(add(scores[n], shift), temperature);
    nll = sub(nll, labels[n] === 1 ? log(p) : log(sub(1, p)));
  }
  return nll;
}

export const calibrationGradient = (scores: number[], labels: number[], start: number[]) =>
  gradient((p: RealArray) => calibrationLoss(p, scores, labels), reverse(), start);
