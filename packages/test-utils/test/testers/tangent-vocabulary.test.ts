import { describe, expect, it } from 'vitest';
import { gradient, reverse } from '@pullback/engine';
import {
  differentiable,
  rulesOf,
  thunk,
  zeroTangent,
  type Pullback,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, div, exp, log1p, mul, neg, sqrt, square, sub, sum } from '@pullback/rules-core/math';
import { testFrule, testRrule } from '@pullback/test-utils';

// Rules written with the vocabulary need no unthunk/isAbstractZero boilerplate (issue 16,
// item 6): the testers hand them zeroTangent and thunks, which the vocabulary's tangent
// arithmetic handles as ChainRules does.

const sigmoid = (x: Real) => div(1, add(1, exp(neg(x))));
const softplusBody = (x: Real) => log1p(exp(x));
// The rule, as written there.
const softplus = differentiable(softplusBody, {
  frule: ([x], [dx]) => [softplusBody(x), mul(sigmoid(x), dx)],
  rrule: ([x]) => [softplusBody(x), (dy) => [mul(dy, sigmoid(x))]],
});

// The root README's rule, verbatim.
const body = (x: RealArray) => div(x, sqrt(sum(square(x))));
const normalize = differentiable(body, {
  rrule: ([x]) => {
    const r = sqrt(sum(square(x)));
    const y = div(x, r);
    const pullback: Pullback<[RealArray], RealArray> = (dy) => [
      div(sub(dy, mul(y, sum(mul(y, dy)))), r),
    ];
    return [y, pullback];
  },
});

describe('rules written with the vocabulary alone', () => {
  it('pass the testers, which send strong zeros and thunks', () => {
    for (const x of [-2, 0, 0.3, 3]) {
      testFrule(softplus, [x]);
      testRrule(softplus, [x]);
    }
    testRrule(normalize, [new Float64Array([3, 4])]);
    testRrule(normalize, [new Float64Array([-1, 0.5, 2])]);
  });

  it('give the engine the analytic gradients', () => {
    // d/dx softplus = sigmoid; to rounding.
    expect(gradient((x) => softplus(x), reverse(), 0.3)).toBeCloseTo(1 / (1 + Math.exp(-0.3)), 14);
    // Σ normalize(x) = Σx/‖x‖ has gradient (1 − y Σy)/‖x‖ with y = x/‖x‖: at (3, 4), (4/125, −3/125).
    const g = gradient((x) => sum(normalize(x)), reverse(), new Float64Array([3, 4]));
    expect(g[0]).toBeCloseTo(4 / 125, 14);
    expect(g[1]).toBeCloseTo(-3 / 125, 14);
  });

  it('take a zero or a delayed cotangent as ChainRules does', () => {
    const x = new Float64Array([3, 4]);
    const [, pb] = rulesOf(normalize)!.rrule!([x], undefined as never);
    expect(pb(zeroTangent)).toEqual([zeroTangent]);
    expect(pb(thunk(() => new Float64Array([1, 2])))).toEqual(pb(new Float64Array([1, 2])));
    expect(rulesOf(softplus)!.frule!([0.3], [zeroTangent], undefined as never)).toEqual([
      softplusBody(0.3),
      zeroTangent,
    ]);
  });
});
