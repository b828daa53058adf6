// corpus: buggy
// about: a log-add-exp scalar rule for a two-component mixture whose partials give one entry for a two-argument function; the engine refuses the rule when the mixture weight is differentiated
import { scalarRule, type Real } from '@pullback/rules-core';
import { add, exp, log1p, neg, sub, sum } from '@pullback/rules-core/math';
import { derivative, forward } from '@pullback/engine';

export const logAddExp = scalarRule(
  (a: number, b: number) => {
    const m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  },
  (a, _b, y) => [exp(sub(a, y))], // expect: valid-rule
);

const data = [-0.4, 0.3, 2.8, 3.1, 0.1, 2.5];
const normalLogPdf = (x: number, mean: number) => -0.5 * (x - mean) ** 2 - 0.5 * Math.log(2 * Math.PI);

/** Log likelihood of the data as a function of the logit of the first component's weight. */
function mixtureLogLik(logit: Real) {
  const logW1 = neg(log1p(exp(neg(logit))));
  const logW2 = sub(logW1, logit);
  const terms = data.map((x) => logAddExp(add(logW1, normalLogPdf(x, 0)), add(logW2, normalLogPdf(x, 3))));
  return sum(terms);
}

export const score = derivative(mixtureLogLik, forward(), 0.2);
