import { fc, test } from '@fast-check/vitest';
import { describe, expect, expectTypeOf } from 'vitest';
import {
  primal,
  RuleDefinitionError,
  RuleOutputError,
  rulesOf,
  scalarRule,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, cos, div, exp, mul, neg } from '@pullback/rules-core/math';
import { real, vector } from './helpers/arbitraries.js';
import { describeRules } from './helpers/describe-rules.js';
import { dualConfig } from './helpers/dual.js';

const softplus = scalarRule(
  function softplus(x: number) {
    return Math.log1p(Math.exp(x));
  },
  (x: Real) => [div(1, add(1, exp(neg(x))))],
);
// Julia's `@scalar_rule(sin(x), cos(x))`: one partial alone for a function of one argument.
const sine = scalarRule(
  function sine(x: number) {
    return Math.sin(x);
  },
  (x) => cos(x),
);
const scaledProduct = scalarRule(
  function scaledProduct(a: number, b: number, c: number) {
    return a * b * c;
  },
  (a: Real, b: Real, c: Real) => [mul(b, c), mul(a, c), mul(a, b)],
);

describe('scalarRule', () => {
  test.prop([fc.double()])('calls the function on plain numbers', (x) => {
    expect(softplus(x)).toBe(Math.log1p(Math.exp(x)));
  });
  test.prop([fc.array(fc.double(), { maxLength: 6 }), fc.double()])(
    'broadcasts over arrays',
    (xs, s) => {
      expect(softplus(xs as never)).toEqual(Float64Array.from(xs, (x) => Math.log1p(Math.exp(x))));
      expect(scaledProduct(xs as never, s, 2)).toEqual(Float64Array.from(xs, (x) => x * s * 2));
    },
  );
  test('keeps the name and arity, and exposes its partials', () => {
    expect(softplus.name).toBe('softplus');
    expect(scaledProduct.length).toBe(3);
    expect(rulesOf(softplus as never)?.partials).toBeTypeOf('function');
  });
  test('types: the arity comes from fn; numbers give a number, arrays an array', () => {
    expectTypeOf(softplus(1)).toEqualTypeOf<number>();
    expectTypeOf(scaledProduct(1, 2, 3)).toEqualTypeOf<number>();
    expectTypeOf(softplus).toBeCallableWith({} as Real);
    expectTypeOf(scaledProduct).toBeCallableWith([1, 2] as RealArray, 2, new Float64Array(2));
    // @ts-expect-error: softplus takes one argument
    expect(() => softplus(1, 2)).not.toThrow();
  });
  test('a one-argument function may give its one partial alone, as an array or not', () => {
    expectTypeOf(sine(1)).toEqualTypeOf<number>();
    const { frule, rrule, partials } = rulesOf(sine as never)!;
    // The record holds one partial per argument whatever the user's function returned: engines read it so.
    expect(partials!(0.5 as never, Math.sin(0.5) as never)).toEqual([Math.cos(0.5)]);
    expect(frule!([0.5] as never, [2] as never, dualConfig())).toEqual([
      Math.sin(0.5),
      2 * Math.cos(0.5),
    ]);
    const [y, pb] = rrule!([0.5] as never, dualConfig());
    expect(y).toBe(Math.sin(0.5));
    expect(pb(3 as never)).toEqual([3 * Math.cos(0.5)]);
  });
  test('types: a single partial is for functions of one argument only', () => {
    scalarRule(
      (x: number) => x * x,
      (x) => mul(2, x),
    );
    scalarRule(
      (x: number) => x * x,
      (x) => [mul(2, x)],
    );
    scalarRule(
      (a: number, b: number) => a * b,
      // @ts-expect-error: two arguments need two partials, in an array
      (a: Real) => a,
    );
  });
  test('a single partial that is not a real is reported as a wrong result', () => {
    const bad = scalarRule(
      function bad(x: number) {
        return x;
      },
      () => 'one' as never,
    );
    expect(() => rulesOf(bad as never)!.frule!([1] as never, [1] as never, dualConfig())).toThrow(
      /^bad's partials returned a wrong result in .* mode: expected an array of 1 partial derivative\(s\), one per argument, got the string "one"/,
    );
  });
  test('an anonymous function names its rules by its source, not by an internal wrapper', () => {
    const bad = scalarRule(
      (x: number) => 2 * x,
      () => [1, 2],
    );
    expect(bad.name).toBe('(x) => 2 * x');
    expect(() => rulesOf(bad as never)!.frule!([1] as never, [1] as never, dualConfig())).toThrow(
      /^\(x\) => 2 \* x's partials returned a wrong result/,
    );
    const long = scalarRule(
      (x: number) => Math.log1p(Math.exp(x)) + Math.sqrt(x * x + 1),
      () => [1],
    );
    expect(long.name).toHaveLength(40);
    expect(long.name).toMatch(/^\(x\) => Math\.log1p\(Math\.exp\(x\)\).*…$/);
    expect(
      scalarRule(
        (x: number) => x,
        () => [1],
        { name: 'identity' },
      ).name,
    ).toBe('identity');
  });
  test('partials returning the wrong count throw, naming the function and the count', () => {
    const bad = scalarRule(
      function bad(a: number, b: number) {
        return a + b;
      },
      () => [1],
    );
    const { frule } = rulesOf(bad as never)!;
    expect(() => frule!([1, 2] as never, [1, 1] as never, dualConfig())).toThrow(
      RuleDefinitionError,
    );
    // A RuleOutputError (a RuleDefinitionError too), naming the function, the count and what came back.
    expect(() => frule!([1, 2] as never, [1, 1] as never, dualConfig())).toThrow(RuleOutputError);
    expect(() => frule!([1, 2] as never, [1, 1] as never, dualConfig())).toThrow(
      /^bad's partials returned a wrong result in .* mode: expected an array of 2 partial derivative\(s\), one per argument, got an array of length 1/,
    );
  });
  test('rejects a missing function or partials', () => {
    expect(() => scalarRule(3 as never, () => [])).toThrow(
      /^scalarRule\(fn, partials\) expects a function as fn, got number/,
    );
    expect(() => scalarRule(Math.sin, undefined as never)).toThrow(
      /^scalarRule\(sin, partials\): partials must be a function/,
    );
  });
  test('a branch on primal(x) in the partials picks the derivative at kinks', () => {
    const relu = scalarRule(
      function relu(x: number) {
        return Math.max(x, 0);
      },
      (x: Real) => [primal(x) > 0 ? 1 : 0],
    );
    expect(rulesOf(relu as never)!.frule!([0] as never, [1] as never, dualConfig())).toEqual([
      0, 0,
    ]);
  });
});

describe('rules built from partials', () => {
  describeRules([
    { name: 'softplus', f: softplus as never, args: real(-3, 3).map((x) => [x]) },
    { name: 'sine (one partial alone)', f: sine as never, args: real(-3, 3).map((x) => [x]) },
    {
      name: 'sine on an array',
      f: sine as never,
      args: vector(real(-3, 3)).map((x) => [x]),
    },
    {
      name: 'softplus on an array',
      f: softplus as never,
      args: vector(real(-3, 3)).map((x) => [x]),
    },
    {
      name: 'scaledProduct',
      f: scaledProduct as never,
      args: fc.tuple(real(-2, 2), real(-2, 2), real(-2, 2)),
    },
    {
      name: 'scaledProduct, arrays and scalars',
      f: scaledProduct as never,
      args: fc.tuple(vector(real(-2, 2), 3, 3), real(-2, 2), vector(real(-2, 2), 3, 3)),
    },
  ]);
});
