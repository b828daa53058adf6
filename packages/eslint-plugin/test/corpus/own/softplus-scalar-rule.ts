// corpus: clean
// about: scalarRule declarations: the primal functions run on plain numbers with Math, the partials use the vocabulary
import { scalarRule } from '@pullback/rules-core';
import { add, div, exp, mul, neg, sub } from '@pullback/rules-core/math';

export const softplus = scalarRule(
  (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x))),
  (x) => [div(1, add(1, exp(neg(x))))],
);

export const logistic = scalarRule(
  (x: number) => 1 / (1 + Math.exp(-x)),
  (_x, y) => [mul(y, sub(1, y))],
);

export const smoothMax = scalarRule(
  (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b)),
  (a, b, y) => [exp(sub(a, y)), exp(sub(b, y))],
);
