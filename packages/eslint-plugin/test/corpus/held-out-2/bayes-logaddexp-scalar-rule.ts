// corpus: clean
// about: log-add-exp declared with scalarRule, one partial per argument written with the result y; used in a two-component mixture likelihood
import { scalarRule, type Real } from '@pullback/rules-core';
import { add, exp, log1p, neg, sub, sum } from '@pullback/rules-core/math';
import { derivative, forward } from '@pullback/engine';

export const logAddExp = scalarRule(
  (a: number, b: number) => {
    const m = Math.max(a, b);
    return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  },
  (a, b, y) => [exp(sub(a, y)), exp(sub(b, y))],
);

const observations = [-0.4, 0.3, 2.8, 3.1, 0.1, 2.5];
const logPdf = (x: number, mean: number) => -0.5 * (x - mean) ** 2 - 0.5 * Math.log(2 * Math.PI);

function mixtureLogLik(logit: Real): Real {
  const logW1 = neg(log1p(exp(neg(logit))));
  const logW2 = sub(logW1, logit);
  return sum(observations.map((x) => logAddExp(add(logW1, logPdf(x, 0)), add(logW2, logPdf(x, 3)))));
}

export const score = derivative(mixtureLogLik, forward(), 0.2);
