// corpus: clean
// about: a local-level Kalman filter class holding Real noise variances, its log-likelihood written with the vocabulary and differentiated in the log-variances
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, exp, log, mul, square, sub } from '@pullback/rules-core/math';

export class LocalLevelModel {
  constructor(
    private readonly processNoise: Real,
    private readonly measurementNoise: Real,
  ) {}

  logLikelihood(observations: readonly number[]): Real {
    let mean: Real = observations[0];
    let variance: Real = this.measurementNoise;
    let ll: Real = 0;
    for (const z of observations.slice(1)) {
      const predicted = add(variance, this.processNoise);
      const s = add(predicted, this.measurementNoise);
      const innovation: Real = sub(z, mean);
      ll = sub(ll, mul(0.5, add(log(mul(2 * Math.PI, s)), div(square(innovation), s))));
      const gain = div(predicted, s);
      mean = add(mean, mul(gain, innovation));
      variance = mul(sub(1, gain), predicted);
    }
    return ll;
  }

  static fromLogVariances(p: RealArray): LocalLevelModel {
    return new LocalLevelModel(exp(at(p, 0)), exp(at(p, 1)));
  }
}

export const scoreGradient = (observations: number[], logVariances: number[]) =>
  gradient((p: RealArray) => LocalLevelModel.fromLogVariances(p).logLikelihood(observations), reverse(), logVariances);
