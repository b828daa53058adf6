import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  differentiateWith,
  finiteDifferences,
  gradient,
  hessian,
  jacobian,
  prepareGradient,
  reverse,
  type ActiveOf,
} from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, mul, square, sum } from '@pullback/rules-core/math';

// The operators' types (issue 16, item 3), checked by `npm run typecheck`; the packed
// packages are checked the same way in packaging/consumer/cases/typed-operators. Each case
// also runs, so the types describe what the operators do.

describe('operator types', () => {
  it('give f the active counterpart of x, and type the gradient like x', () => {
    expectTypeOf<ActiveOf<number>>().toEqualTypeOf<Real>();
    expectTypeOf<ActiveOf<Float64Array>>().toEqualTypeOf<RealArray>();
    expectTypeOf<ActiveOf<number[]>>().toEqualTypeOf<RealArray>();
    expectTypeOf<ActiveOf<{ mu: number; w: Float64Array }>>().toEqualTypeOf<{
      mu: Real;
      w: RealArray;
    }>();
    expectTypeOf<ActiveOf<{ a: number }[]>>().toEqualTypeOf<{ a: Real }[]>();
    expectTypeOf<ActiveOf<Matrix<Float64Array>>>().toEqualTypeOf<Matrix>();

    const g = gradient((p) => add(square(p.mu), sum(p.w)), reverse(), {
      mu: 2,
      w: new Float64Array([1, 1]),
    });
    expectTypeOf(g).toEqualTypeOf<{ mu: number; w: Float64Array<ArrayBuffer> }>();
    expect(g.mu).toBe(4);
    expect(Array.from(g.w)).toEqual([1, 1]);
  });

  it('check what f returns and the extra arguments', () => {
    // @ts-expect-error: gradient needs f to return one real
    expect(() => gradient((x) => square(x), reverse(), new Float64Array(2))).toThrow(
      /gradient needs f to return a single number/,
    );
    // @ts-expect-error: an async f returns a promise, never a real
    expect(() => hessian(async (x) => square(x), reverse(), 3)).toThrow(/async|promise/i);
    // @ts-expect-error: a string is no structure of reals
    expect(() => jacobian((x) => ({ y: x, label: 'no' }), reverse(), [1])).toThrow();
    expect(gradient((x, scale) => mul(scale, square(x)), reverse(), 3, 10)).toBe(60);
    // @ts-expect-error: the extra argument is a number, not a string
    expect(() => gradient((x, s: string) => mul(x, s.length), reverse(), 3, 4)).toThrow(/mul/);
  });

  it('keep inference for prepared forms and differentiateWith', () => {
    const p = prepareGradient((q) => square(q.mu), reverse(), { mu: 1 });
    expectTypeOf(p.gradient).parameter(0).toEqualTypeOf<{ mu: number }>();
    expect(p.gradient({ mu: 3 })).toEqual({ mu: 6 });
    const exps = differentiateWith((x: Float64Array) => x.map(Math.exp), finiteDifferences());
    expectTypeOf(exps(new Float64Array(1))).toEqualTypeOf<Float64Array<ArrayBuffer>>();
    const d = gradient((x) => sum(exps(x)), reverse(), new Float64Array([0]));
    expectTypeOf(d).toEqualTypeOf<Float64Array<ArrayBuffer>>();
    // Central differences of exp at 0 with pullback's step: accurate to about 1e-8.
    expect(d[0]).toBeCloseTo(1, 6);
  });
});
