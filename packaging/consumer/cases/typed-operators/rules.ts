// Rule types as a package developer meets them: a `nondiff` argument of any kind takes
// `noTangent`; a cotangent of an object mirrors its fields (a misspelled one is an error); the
// math vocabulary takes tangents (strong zeros, thunks), so rules need no boilerplate; a
// one-argument scalarRule may give its one partial alone.
import {
  differentiable,
  noTangent,
  scalarRule,
  thunk,
  zeroTangent,
  type AbstractZero,
  type Real,
} from '@pullback/rules-core';
import { add, cos, div, exp, log1p, mul, neg, square, sum } from '@pullback/rules-core/math';

// A constant array marked nondiff: its cotangent is noTangent, without a cast.
const scaledBody = (x: Real, weights: Float64Array) => mul(x, sum(weights));
export const scaled = differentiable(
  scaledBody,
  {
    frule: ([x, w], [dx]) => [scaledBody(x, w), mul(dx, sum(w))],
    rrule: ([x, w]) => [scaledBody(x, w), (dy) => [mul(dy, sum(w)), noTangent]],
  },
  { nondiff: [1] },
);

// The cotangent of an object argument mirrors its fields.
type Normal = { mu: Real; sigma: Real };
const nllBody = (p: Normal, x: number) => add(log1p(square(p.sigma)), square(add(x, neg(p.mu))));
export const nll = differentiable(nllBody, {
  rrule: ([p, x]) => [
    nllBody(p, x),
    (dy) => [
      {
        mu: mul(dy, mul(-2, add(x, neg(p.mu)))),
        sigma: mul(dy, div(mul(2, p.sigma), add(1, square(p.sigma)))),
      },
      noTangent,
    ],
  ],
});

export const misspelled = differentiable(nllBody, {
  // @ts-expect-error The types of 'sigmaa' are incompatible
  rrule: ([p, x]) => [
    nllBody(p, x),
    (dy) => [{ mu: mul(dy, 2), sigma: mul(dy, 3), sigmaa: mul(dy, 3) }, noTangent],
  ],
});

// ChainRules' tangent arithmetic: the rule as one would write it in Julia.
const sigmoid = (x: Real) => div(1, add(1, exp(neg(x))));
const softplusBody = (x: Real) => log1p(exp(x));
export const softplus = differentiable(softplusBody, {
  frule: ([x], [dx]) => [softplusBody(x), mul(sigmoid(x), dx)],
  rrule: ([x]) => [softplusBody(x), (dy) => [mul(dy, sigmoid(x))]],
});
const zeroOrReal: Real | AbstractZero = mul(3, zeroTangent);
const fromThunk = add(
  thunk(() => 2),
  1,
);

// @ts-expect-error No overload matches this call.
exp(zeroTangent);

// Julia's @scalar_rule(sin(x), cos(x)): one partial alone for a function of one argument.
export const sine = scalarRule(
  (x: number) => Math.sin(x),
  (x) => cos(x),
);

export const product = scalarRule(
  (a: number, b: number) => a * b,
  // @ts-expect-error TS2322
  (a, b) => mul(a, b),
);

void [zeroOrReal, fromThunk];
