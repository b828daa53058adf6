// corpus: clean
// about: ridge-regularised Poisson regression whose hyperparameters come from a JSON config typed any; they are constants, only the coefficients are differentiated
import type { Real, RealArray } from '@pullback/rules-core';
import { add, dot, exp, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const config: any = JSON.parse('{"l2": 0.5, "offset": 0.1, "features": [[1, 0.2], [1, 1.3], [1, -0.7]], "counts": [2, 5, 1]}');

function negLogLik(beta: RealArray, cfg: any): Real {
  let nll: Real = mul(cfg.l2 / 2, sum(square(beta)));
  for (let i = 0; i < cfg.counts.length; i++) {
    const eta = add(dot(beta, cfg.features[i]), cfg.offset * 2);
    nll = add(nll, sub(exp(eta), mul(cfg.counts[i], eta)));
  }
  return nll;
}

export const dBeta = gradient(negLogLik, reverse(), [0, 0], config);
