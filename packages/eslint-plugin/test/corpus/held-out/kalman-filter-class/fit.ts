// corpus: buggy
// about: fits the local-level model's noise variances by maximum likelihood; the filter's methods (filter.ts) receive them as active values through `as number` casts
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, neg } from '@pullback/rules-core/math';
import { LocalLevelFilter, type Belief } from './filter.js';

export function negLogLikelihood(logNoise: RealArray, observations: readonly number[]): Real {
  const filter = new LocalLevelFilter();
  const q = exp(at(logNoise, 0)) as number;
  const r = exp(at(logNoise, 1)) as number;
  let belief: Belief = { mean: observations[0], variance: 1e3 };
  let total: Real = 0;
  for (const z of observations) {
    const [posterior, logLik] = filter.update(filter.predict(belief, q), z, r);
    belief = posterior;
    total = add(total, logLik);
  }
  return neg(total);
}

export const noiseGradient = (observations: number[], logNoise: number[]) =>
  gradient((p: RealArray) => negLogLikelihood(p, observations), reverse(), logNoise);
