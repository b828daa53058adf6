import { describe } from 'vitest';
import {
  differentiable,
  scalarRule,
  type DifferentiableFunction,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, div, exp, mul, neg, sum } from '@pullback/rules-core/math';
import { real, vector } from './helpers/arbitraries.js';
import { describeRules } from './helpers/describe-rules.js';

// The example of README.md, verbatim: it must compile and its rules must be right.
export const softplus = scalarRule(
  (x: number) => Math.log1p(Math.exp(x)),
  (x) => [div(1, add(1, exp(neg(x))))],
);

// (The annotation is needed because the rules refer to the function being defined.)
export const sumOfSquares: DifferentiableFunction<(x: RealArray) => Real> = differentiable(
  (x: RealArray): Real => sum(mul(x, x)),
  {
    frule: ([x], [dx]) => [sumOfSquares(x), mul(2, sum(mul(x, dx as RealArray)))],
    rrule: ([x]) => [sumOfSquares(x), (dy) => [mul(mul(2, dy as Real), x)]],
  },
);

describe('the README example', () => {
  describeRules([
    { name: 'softplus', f: softplus as never, args: real(-3, 3).map((x) => [x]) },
    { name: 'sumOfSquares', f: sumOfSquares as never, args: vector(real(-3, 3)).map((x) => [x]) },
  ]);
});
