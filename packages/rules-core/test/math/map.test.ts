import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Real } from '@pullback/rules-core';
import {
  exp,
  map,
  map2,
  mul,
  neg,
  sin,
  square,
  ShapeMismatchError,
} from '@pullback/rules-core/math';
import { real, vector, vectorPair } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';

/** A kernel written with the vocabulary and no rule of its own: x·e^(−x²). */
const bump = (x: Real): Real => mul(x, exp(neg(square(x))));
const wave = (a: Real, b: Real): Real => mul(a, sin(b));

describe('values', () => {
  test.prop([fc.array(fc.double(), { maxLength: 8 })])('map(f, x) is [f(x₀), f(x₁), …]', (xs) => {
    expect(map(Math.atan, xs)).toEqual(Float64Array.from(xs, Math.atan));
    expect(map(sin as (x: number) => number, Float64Array.from(xs))).toEqual(
      Float64Array.from(xs, Math.sin),
    );
  });
  test.prop([fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 8 }), fc.double()])(
    'map2(f, x, y) pairs elements, broadcasting a scalar',
    (pairs, s) => {
      const x = pairs.map((p) => p[0]);
      const y = pairs.map((p) => p[1]);
      expect(map2(Math.atan2, x, y)).toEqual(
        Float64Array.from(pairs, ([a, b]) => Math.atan2(a, b)),
      );
      expect(map2(Math.atan2, s, y)).toEqual(Float64Array.from(y, (b) => Math.atan2(s, b)));
    },
  );
  test('map passes the element only, and keeps the function first (as in Julia)', () => {
    const seen: unknown[][] = [];
    map((...args: number[]) => (seen.push(args), 0), [5, 6]);
    expect(seen).toEqual([[5], [6]]);
    expect(() => map([1, 2] as never, Math.sin as never)).toThrow(
      /^map\(f, \.\.\.\): expected f to be a function/,
    );
  });
  test('map2 of two scalars gives one element, [f(x, y)]', () => {
    expect(Array.from(map2(Math.atan2, 1, 2))).toEqual([Math.atan2(1, 2)]);
  });
  test('map2 rejects arrays of different lengths', () => {
    expect(() => map2(Math.max, [1, 2], [1, 2, 3])).toThrow(ShapeMismatchError);
  });
});

describe('rules', () => {
  describeRules([
    {
      name: 'map(sin, x)',
      f: map as RuleCase['f'],
      args: vector(real(-3, 3)).map((x) => [sin, x]),
      nondiff: [0],
    },
    {
      name: 'map(bump, x)',
      f: map as RuleCase['f'],
      args: vector(real(-3, 3)).map((x) => [bump, x]),
      nondiff: [0],
    },
    {
      name: 'map2(wave, x, y)',
      f: map2 as RuleCase['f'],
      args: vectorPair(real(-3, 3)).map(([x, y]) => [wave, x, y]),
      nondiff: [0],
    },
    {
      name: 'map2(wave, scalar, y)',
      f: map2 as RuleCase['f'],
      args: fc.tuple(real(-3, 3), vector(real(-3, 3))).map(([x, y]) => [wave, x, y]),
      nondiff: [0],
    },
  ]);
});
