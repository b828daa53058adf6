import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as math from '@pullback/rules-core/math';
import { pointLike } from '../../src/arbitraries/point-like.js';
import { ruleProperty, type ArgumentSource } from '../../src/arbitraries/rule-property.js';
import type { Domain } from '../../src/arbitraries/domain.js';
import { testFrule } from '../../src/testers/test-frule.js';
import { testRrule } from '../../src/testers/test-rrule.js';

const runs = Number(process.env.PULLBACK_RUNS ?? 100);
const seedFromEnv =
  process.env.PULLBACK_SEED === undefined ? undefined : Number(process.env.PULLBACK_SEED);

const check = <A extends readonly unknown[]>(
  fn: (...args: A) => unknown,
  args: { readonly [K in keyof A]: ArgumentSource<A[K]> },
  seed: number,
): void => {
  fc.assert(ruleProperty(fn, args), { numRuns: runs, seed: seedFromEnv ?? seed });
};

const integers = [-3, -2, -1, 0, 1, 2, 3];
const halves = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
const unary: [string, Domain][] = [
  ['neg', 'real'],
  ['square', 'real'],
  ['sqrt', 'positive'],
  ['cbrt', 'nonzero'],
  ['exp', 'real'],
  ['expm1', 'real'],
  ['log', 'positive'],
  ['log1p', { min: -0.9, max: 3 }],
  ['sin', 'real'],
  ['cos', 'real'],
  ['tan', { min: -1.4, max: 1.4 }],
  ['asin', 'unit'],
  ['acos', 'unit'],
  ['atan', 'real'],
  ['sinh', 'real'],
  ['cosh', 'real'],
  ['tanh', 'real'],
  ['abs', 'nonzero'],
  ['floor', { min: -3, max: 3, avoid: integers }],
  ['ceil', { min: -3, max: 3, avoid: integers }],
  ['round', { min: -3, max: 3, avoid: halves }],
  ['sign', 'nonzero'],
];
const binary: [string, Domain, Domain][] = [
  ['add', 'real', 'real'],
  ['sub', 'real', 'real'],
  ['mul', 'real', 'real'],
  ['div', 'real', 'nonzero'],
  ['atan2', 'nonzero', 'nonzero'],
  ['pow', 'positive', 'real'],
  ['hypot', 'nonzero', 'real'],
];

const fnOf = (name: string): ((...xs: unknown[]) => unknown) =>
  (math as unknown as Record<string, (...xs: unknown[]) => unknown>)[name];

describe('every rule of the math vocabulary passes testFrule and testRrule at random points', () => {
  unary.forEach(([name, domain], i) => {
    it(`${name} on scalars and arrays`, () => {
      check(fnOf(name), [pointLike(0, { domain })], 1000 + i);
      check(fnOf(name), [pointLike([0, 0, 0], { domain })], 2000 + i);
    });
  });
  binary.forEach(([name, da, db], i) => {
    it(`${name} on scalars, arrays and broadcast scalars`, () => {
      check(fnOf(name), [pointLike(0, { domain: da }), pointLike(0, { domain: db })], 3000 + i);
      check(
        fnOf(name),
        [pointLike(new Float64Array(3), { domain: da }), pointLike([0, 0, 0], { domain: db })],
        4000 + i,
      );
      check(
        fnOf(name),
        [pointLike(0, { domain: da }), pointLike([0, 0, 0], { domain: db })],
        5000 + i,
      );
      check(
        fnOf(name),
        [pointLike([0, 0], { domain: da }), pointLike(0, { domain: db })],
        6000 + i,
      );
    });
  });
  it('min and max away from ties', () => {
    const apart = fc.tuple(pointLike(0), pointLike(0)).filter(([a, b]) => Math.abs(a - b) > 0.01);
    const apartArrays = fc
      .tuple(pointLike([0, 0, 0]), pointLike(new Float64Array(3)))
      .filter(([a, b]) => a.every((v, i) => Math.abs(v - b[i]) > 0.01));
    [math.min, math.max].forEach((f, k) => {
      for (const points of [apart, apartArrays] as fc.Arbitrary<[unknown, unknown]>[]) {
        fc.assert(
          fc.property(points, fc.nat(), ([a, b], seed) => {
            testFrule(f, [a, b] as never, { seed });
            testRrule(f, [a, b] as never, { seed });
          }),
          { numRuns: runs, seed: seedFromEnv ?? 7000 + k },
        );
      }
    });
  });
  it('sum of arrays of any kind', () => {
    check(math.sum, [pointLike([0, 0, 0, 0, 0])], 8000);
    check(math.sum, [pointLike(new Float64Array(7))], 8001);
    check(math.sum as (x: number) => unknown, [pointLike(0)], 8002);
  });
  it('at with a fixed index (no tangent space)', () => {
    check(math.at, [pointLike([0, 0, 0, 0]), 2], 8100);
    check(math.at, [pointLike(new Float64Array(3)), 0], 8101);
  });
});
