import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { add, div, mul, neg, sub, ShapeMismatchError } from '@pullback/rules-core/math';
import { real, realAwayFrom, vector, vectorPair } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';

const binary: [string, (a: number, b: number) => number, (a: number, b: number) => number][] = [
  ['add', add, (a, b) => a + b],
  ['sub', sub, (a, b) => a - b],
  ['mul', mul, (a, b) => a * b],
  ['div', div, (a, b) => a / b],
];

describe.each(binary)('%s on plain values', (_name, f, reference) => {
  test.prop([fc.double(), fc.double()])('equals the operator on any doubles', (a, b) => {
    expect(f(a, b)).toBe(reference(a, b));
  });
  test.prop([fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 8 }), fc.double()])(
    'applies elementwise to number[] and Float64Array, broadcasting a scalar on either side',
    (pairs, s) => {
      const a = pairs.map((p) => p[0]);
      const b = Float64Array.from(pairs, (p) => p[1]);
      expect(f(a as never, b as never)).toEqual(
        Float64Array.from(pairs, ([x, y]) => reference(x, y)),
      );
      expect(f(s, b as never)).toEqual(Float64Array.from(b, (y) => reference(s, y)));
      expect(f(a as never, s)).toEqual(Float64Array.from(a, (x) => reference(x, s)));
    },
  );
  test('never writes into its arguments', () => {
    const a = [1, 2];
    const b = new Float64Array([3, 4]);
    f(a as never, b as never);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual(new Float64Array([3, 4]));
  });
  test('rejects arrays of different lengths, naming the function and the lengths', () => {
    expect(() => f([1, 2, 3] as never, [1, 2] as never)).toThrow(ShapeMismatchError);
    expect(() => f([1, 2, 3] as never, [1, 2] as never)).toThrow(
      new RegExp(`^${_name}: arrays of lengths 3 and 2 cannot be combined elementwise`),
    );
  });
  test('rejects what is not a real, naming the function', () => {
    expect(() => f('1' as never, 2)).toThrow(new RegExp(`^${_name}: expected numbers or arrays`));
  });
});

test.prop([fc.double()])('neg equals unary minus', (x) => {
  expect(neg(x)).toBe(-x);
});

describe('rules of arithmetic', () => {
  const two = (
    name: string,
    f: unknown,
    a: fc.Arbitrary<unknown>,
    b: fc.Arbitrary<unknown>,
  ): RuleCase => ({
    name,
    f: f as RuleCase['f'],
    args: fc.tuple(a, b),
  });
  describeRules([
    two('add', add, real(-3, 3), real(-3, 3)),
    two('sub', sub, real(-3, 3), real(-3, 3)),
    two('mul', mul, real(-3, 3), real(-3, 3)),
    two('div', div, real(-3, 3), realAwayFrom(-3, 3, [0], 0.1)),
    { name: 'neg', f: neg as RuleCase['f'], args: real(-3, 3).map((x) => [x]) },
    { name: 'add of arrays', f: add as RuleCase['f'], args: vectorPair(real(-3, 3)) },
    { name: 'mul of arrays', f: mul as RuleCase['f'], args: vectorPair(real(-3, 3)) },
    two('sub of a scalar and an array', sub, real(-3, 3), vector(real(-3, 3))),
    two('mul of an array and a scalar', mul, vector(real(-3, 3)), real(-3, 3)),
    two('div of a scalar by an array', div, real(-3, 3), vector(realAwayFrom(-3, 3, [0], 0.1))),
    { name: 'neg of an array', f: neg as RuleCase['f'], args: vector(real(-3, 3)).map((x) => [x]) },
  ]);
});
