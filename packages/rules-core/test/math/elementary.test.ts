import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as M from '@pullback/rules-core/math';
import { real, realAwayFrom, realAwayFromIntegers, vector } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';

const unaryReference: [string, (x: number) => number, (x: number) => number][] = [
  ['square', M.square, (x) => x * x],
  ['sqrt', M.sqrt, Math.sqrt],
  ['cbrt', M.cbrt, Math.cbrt],
  ['exp', M.exp, Math.exp],
  ['expm1', M.expm1, Math.expm1],
  ['log', M.log, Math.log],
  ['log1p', M.log1p, Math.log1p],
  ['sin', M.sin, Math.sin],
  ['cos', M.cos, Math.cos],
  ['tan', M.tan, Math.tan],
  ['asin', M.asin, Math.asin],
  ['acos', M.acos, Math.acos],
  ['atan', M.atan, Math.atan],
  ['sinh', M.sinh, Math.sinh],
  ['cosh', M.cosh, Math.cosh],
  ['tanh', M.tanh, Math.tanh],
  ['abs', M.abs, Math.abs],
  ['floor', M.floor, Math.floor],
  ['ceil', M.ceil, Math.ceil],
  ['round', M.round, Math.round],
  ['sign', M.sign, Math.sign],
];

const binaryReference: [
  string,
  (a: number, b: number) => number,
  (a: number, b: number) => number,
][] = [
  ['atan2', M.atan2, Math.atan2],
  ['pow', M.pow, (a, b) => a ** b],
  ['hypot', M.hypot, Math.hypot],
  ['min', M.min, Math.min],
  ['max', M.max, Math.max],
];

describe('values on plain numbers', () => {
  describe.each(unaryReference)('%s', (_name, f, reference) => {
    test.prop([fc.double()])('equals its Math counterpart on any double', (x) => {
      expect(f(x)).toBe(reference(x));
    });
    test.prop([fc.array(fc.double(), { maxLength: 8 })])('applies elementwise to arrays', (xs) => {
      const expected = Float64Array.from(xs, reference);
      expect(f(xs as never)).toEqual(expected);
      expect(f(Float64Array.from(xs) as never)).toEqual(expected);
    });
  });
  describe.each(binaryReference)('%s', (_name, f, reference) => {
    test.prop([fc.double(), fc.double()])('equals its Math counterpart on any doubles', (a, b) => {
      expect(f(a, b)).toBe(reference(a, b));
    });
    test.prop([fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 8 }), fc.double()])(
      'applies elementwise to arrays, broadcasting scalars',
      (pairs, s) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        expect(f(a as never, b as never)).toEqual(
          Float64Array.from(pairs, ([x, y]) => reference(x, y)),
        );
        expect(f(a as never, s)).toEqual(Float64Array.from(a, (x) => reference(x, s)));
        expect(f(s, Float64Array.from(b) as never)).toEqual(
          Float64Array.from(b, (y) => reference(s, y)),
        );
      },
    );
  });
  test.prop([fc.double(), fc.double(), fc.double()])(
    'clamp equals min(max(x, lo), hi)',
    (x, lo, hi) => {
      expect(M.clamp(x, lo, hi)).toBe(Math.min(Math.max(x, lo), hi));
    },
  );
});

const smooth = (name: string, f: (x: never) => unknown, x: fc.Arbitrary<number>): RuleCase => ({
  name,
  f: f as RuleCase['f'],
  args: x.map((v) => [v]),
});
const smooth2 = (
  name: string,
  f: (a: never, b: never) => unknown,
  a: fc.Arbitrary<number>,
  b: fc.Arbitrary<number>,
): RuleCase => ({ name, f: f as RuleCase['f'], args: fc.tuple(a, b) });

describe('rules of scalar functions', () => {
  describeRules([
    smooth('square', M.square, real(-3, 3)),
    smooth('sqrt', M.sqrt, real(0.1, 10)),
    smooth('cbrt', M.cbrt, fc.oneof(real(0.1, 10), real(-10, -0.1))),
    smooth('exp', M.exp, real(-3, 3)),
    smooth('expm1', M.expm1, real(-3, 3)),
    smooth('log', M.log, real(0.1, 10)),
    smooth('log1p', M.log1p, real(-0.9, 10)),
    smooth('sin', M.sin, real(-5, 5)),
    smooth('cos', M.cos, real(-5, 5)),
    smooth('tan', M.tan, real(-1.3, 1.3)),
    smooth('asin', M.asin, real(-0.95, 0.95)),
    smooth('acos', M.acos, real(-0.95, 0.95)),
    smooth('atan', M.atan, real(-5, 5)),
    smooth('sinh', M.sinh, real(-3, 3)),
    smooth('cosh', M.cosh, real(-3, 3)),
    smooth('tanh', M.tanh, real(-3, 3)),
    smooth('abs', M.abs, realAwayFrom(-3, 3, [0])),
    smooth('floor', M.floor, realAwayFromIntegers(-3, 3)),
    smooth('ceil', M.ceil, realAwayFromIntegers(-3, 3)),
    smooth('round', M.round, realAwayFromIntegers(-3, 3, 0.5)),
    smooth('sign', M.sign, realAwayFrom(-3, 3, [0])),
    smooth2('atan2', M.atan2, realAwayFrom(-3, 3, [0], 0.1), real(-3, 3)),
    smooth2('pow', M.pow, real(0.1, 3), real(-2, 2)),
    {
      // xᵖ is not real for x < 0 and non-integer p: the exponent has no derivative there.
      name: 'pow (negative base, integer exponent)',
      f: M.pow as RuleCase['f'],
      args: fc.tuple(real(-3, -0.1), fc.integer({ min: -2, max: 3 })),
      nondiff: [1],
    },
    smooth2('hypot', M.hypot, realAwayFrom(-3, 3, [0], 0.1), real(-3, 3)),
    {
      name: 'min',
      f: M.min as RuleCase['f'],
      args: fc.tuple(real(-3, 3), real(-3, 3)).filter(([a, b]) => Math.abs(a - b) >= 1e-3),
    },
    {
      name: 'max',
      f: M.max as RuleCase['f'],
      args: fc.tuple(real(-3, 3), real(-3, 3)).filter(([a, b]) => Math.abs(a - b) >= 1e-3),
    },
    {
      name: 'clamp',
      f: M.clamp as RuleCase['f'],
      args: fc
        .tuple(real(-3, 3), real(-3, 3), real(-3, 3))
        .map(([x, a, b]) => [x, Math.min(a, b), Math.max(a, b)] as const)
        .filter(
          ([x, lo, hi]) => hi - lo >= 1e-3 && Math.abs(x - lo) >= 1e-3 && Math.abs(x - hi) >= 1e-3,
        ),
    },
  ]);
});

describe('rules of scalar functions on arrays (broadcast)', () => {
  describeRules([
    {
      name: 'sin on an array',
      f: M.sin as RuleCase['f'],
      args: vector(real(-3, 3)).map((x) => [x]),
    },
    {
      name: 'atan2 of an array and a scalar',
      f: M.atan2 as RuleCase['f'],
      args: fc.tuple(vector(realAwayFrom(-3, 3, [0], 0.1)), real(-3, 3)),
    },
    {
      name: 'clamp of an array between scalars',
      f: M.clamp as RuleCase['f'],
      args: fc
        .tuple(vector(real(-3, 3)), real(-3, -1), real(1, 3))
        .filter(([x, lo, hi]) =>
          Array.from(x).every((v) => Math.abs(v - lo) >= 1e-3 && Math.abs(v - hi) >= 1e-3),
        ),
    },
  ]);
});
