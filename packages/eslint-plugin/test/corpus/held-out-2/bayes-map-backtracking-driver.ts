// corpus: clean
// about: MAP estimate of a Poisson rate model by gradient ascent with backtracking line search; the driver does plain arithmetic on what valueAndGradient returns
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, exp, mul, square, sub, sum } from '@pullback/rules-core/math';
import { reverse, valueAndGradient } from '@pullback/engine';

const exposure = new Float64Array([1.2, 0.8, 2.0, 1.5]);
const counts = new Float64Array([3, 1, 6, 4]);

/** log p(β | y) up to a constant: Poisson(exposure·exp(β0 + β1·i)) with a normal prior. */
function logPosterior(beta: RealArray): Real {
  const idx = Float64Array.from(counts, (_, i) => i);
  const eta = add(at(beta, 0), mul(at(beta, 1), idx));
  const logLik = sum(sub(mul(counts, eta), mul(exposure, exp(eta))));
  return sub(logLik, mul(0.5, sum(square(beta))));
}

export function mapEstimate(iterations = 50): number[] {
  let beta = [0, 0];
  for (let it = 0; it < iterations; it++) {
    const [value, grad] = valueAndGradient(logPosterior, reverse(), beta);
    const f0 = primal(value);
    const slope = grad.reduce((s, g) => s + g * g, 0);
    let step = 1;
    let candidate = beta.map((b, i) => b + step * grad[i]);
    while (primal(logPosterior(candidate)) < f0 + 1e-4 * step * slope && step > 1e-8) {
      step /= 2;
      candidate = beta.map((b, i) => b + step * grad[i]);
    }
    beta = candidate;
  }
  return beta;
}
