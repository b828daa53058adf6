import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { concat, slice } from '@pullback/rules-core/math';
import { real, vector } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';

const position = fc.option(fc.integer({ min: -8, max: 8 }), { nil: undefined });

describe('values', () => {
  test.prop([fc.array(fc.double(), { maxLength: 8 }), position, position])(
    "slice(x, start, end) has Array.prototype.slice's meaning",
    (xs, start, end) => {
      const expected = Float64Array.from(xs.slice(start, end));
      expect(slice(xs, start, end)).toEqual(expected);
      expect(slice(Float64Array.from(xs), start, end)).toEqual(expected);
    },
  );
  test('slice copies', () => {
    const x = new Float64Array([1, 2, 3]);
    const y = slice(x, 0, 2);
    y[0] = 9;
    expect(x[0]).toBe(1);
  });
  test.prop([
    fc.array(fc.oneof(fc.double(), fc.array(fc.double(), { maxLength: 4 })), { maxLength: 5 }),
  ])('concat joins arrays and scalars in order', (parts) => {
    expect(concat(...(parts as number[]))).toEqual(Float64Array.from(parts.flat()));
  });
  test('bad input names the function', () => {
    expect(() => slice('abc' as never)).toThrow(/^slice: expected x to be an array/);
    expect(() => slice([1], '1' as never)).toThrow(/^slice: expected start to be a number/);
    expect(() => concat([1], {} as never)).toThrow(/^concat: expected part 1 to be an array/);
  });
});

describe('rules', () => {
  describeRules([
    {
      name: 'slice',
      f: slice as RuleCase['f'],
      args: fc.tuple(vector(real(-3, 3), 1, 6), position, position),
      nondiff: [1, 2],
    },
    {
      name: 'concat',
      f: concat as RuleCase['f'],
      args: fc.tuple(vector(real(-3, 3)), real(-3, 3), vector(real(-3, 3))),
    },
  ]);
});
