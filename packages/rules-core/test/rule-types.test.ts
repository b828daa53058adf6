import { describe, expect, expectTypeOf, it } from 'vitest';
import { differentiable, noTangent, rulesOf, type Real, type Tangent } from '@pullback/rules-core';
import { add, mul, square, sum } from '@pullback/rules-core/math';

// Rule types (issue 16, items 4 and 5), checked by `npm run typecheck`; each rule also runs.

describe('rule types', () => {
  it('a nondiff argument of any kind takes noTangent, without a cast', () => {
    const body = (x: Real, weights: Float64Array) => mul(x, sum(weights));
    const scaled = differentiable(
      body,
      { rrule: ([x, w]) => [body(x, w), (dy) => [mul(dy, sum(w)), noTangent]] },
      { nondiff: [1] },
    );
    expectTypeOf(noTangent).toMatchTypeOf<Tangent<Float64Array>>();
    expectTypeOf(noTangent).toMatchTypeOf<Tangent<{ a: number[] }>>();
    const [y, pb] = rulesOf(scaled)!.rrule!([2, new Float64Array([1, 2])], undefined as never);
    expect(y).toBe(6);
    expect(pb(1)).toEqual([3, noTangent]);
  });

  it('a cotangent mirrors its argument: a misspelled field is an error', () => {
    type Normal = { mu: Real; sigma: Real };
    const body = (p: Normal) => add(square(p.mu), square(p.sigma));
    const right = differentiable(body, {
      rrule: ([p]) => [
        body(p),
        (dy) => [{ mu: mul(dy, mul(2, p.mu)), sigma: mul(dy, mul(2, p.sigma)) }],
      ],
    });
    const wrong = differentiable(body, {
      // @ts-expect-error: 'sigmaa' is no field of Normal
      rrule: ([p]) => [
        body(p),
        (dy) => [{ mu: mul(dy, 1), sigma: mul(dy, 1), sigmaa: mul(dy, 1) }],
      ],
    });
    const [, pb] = rulesOf(right)!.rrule!([{ mu: 1, sigma: 2 }], undefined as never);
    expect(pb(1)).toEqual([{ mu: 2, sigma: 4 }]);
    expect(rulesOf(wrong)!.rrule).toBeTypeOf('function');
  });
});
