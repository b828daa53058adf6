import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Real } from '@pullback/rules-core';
import { recordOf } from '@pullback/rules-core/interpreter';
import * as math from '@pullback/rules-core/math';
import { pointLike } from '../../src/arbitraries/point-like.js';
import { ruleProperty, type ArgumentSource } from '../../src/arbitraries/rule-property.js';
import type { Domain } from '../../src/arbitraries/domain.js';
import { RuleTestError } from '../../src/report/rule-test-error.js';
import { testFrule } from '../../src/testers/test-frule.js';
import { testRrule } from '../../src/testers/test-rrule.js';

/*
 * Every differentiable function of @pullback/rules-core/math, tested with testFrule and
 * testRrule at 100 random points each (fast-check, fixed seeds so CI is deterministic; set
 * PULLBACK_SEED and PULLBACK_RUNS to explore further). A false alarm here would be a bug in
 * the testers; a real failure a bug in a rule.
 */

const runs = Number(process.env.PULLBACK_RUNS ?? 100);
const seedFromEnv =
  process.env.PULLBACK_SEED === undefined ? undefined : Number(process.env.PULLBACK_SEED);
const covered = new Set<unknown>();
// Long explorations (PULLBACK_RUNS=2000) need more than vitest's default 5 s per test.
vi.setConfig({ testTimeout: Math.max(5000, runs * 60) });

type Fn = (...args: never[]) => unknown;

function check(fn: Fn, args: readonly ArgumentSource<unknown>[], seed: number): void {
  covered.add(fn);
  fc.assert(ruleProperty(fn as (...a: unknown[]) => unknown, args), {
    numRuns: runs,
    seed: seedFromEnv ?? seed,
  });
}

/** Asserts the property with a custom point arbitrary (for constraints across arguments). */
function checkPoints(fn: Fn, points: fc.Arbitrary<readonly unknown[]>, seed: number): void {
  covered.add(fn);
  fc.assert(
    fc.property(points, fc.nat(), (args, s) => {
      testFrule(fn as (...a: unknown[]) => unknown, [...args], { seed: s });
      testRrule(fn as (...a: unknown[]) => unknown, [...args], { seed: s });
    }),
    { numRuns: runs, seed: seedFromEnv ?? seed },
  );
}

const fnOf = (name: string): Fn => (math as unknown as Record<string, Fn>)[name];
const integers = [-3, -2, -1, 0, 1, 2, 3];
const halves = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
const matrix = (rows: number, cols: number) => ({
  rows,
  cols,
  data: new Float64Array(rows * cols),
});
/** Diagonally dominant with a positive diagonal: invertible, well conditioned, det > 0. */
const dominant = (n: number) =>
  pointLike(matrix(n, n)).map((A) => {
    const data = Float64Array.from(A.data);
    for (let i = 0; i < n; i++) data[i * n + i] += 2 * n;
    return { rows: n, cols: n, data };
  });

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

describe('scalar and elementwise rules pass at random points', () => {
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
      checkPoints(f, apart, 7000 + k);
      checkPoints(f, apartArrays, 7010 + k);
    });
  });
  it('clamp away from its bounds, with fixed and with differentiated bounds', () => {
    const x = pointLike(0, { domain: { min: -3, max: 3, avoid: [-1, 1] } });
    check(math.clamp, [x, -1, 1], 7100);
    check(
      math.clamp,
      [pointLike([0, 0, 0], { domain: { min: -3, max: 3, avoid: [-1, 1] } }), -1, 1],
      7101,
    );
    const bounds = fc
      .tuple(
        pointLike(0),
        pointLike(0, { domain: { min: -2, max: -0.5 } }),
        pointLike(0, { domain: { min: 0.5, max: 2 } }),
      )
      .filter(([v, lo, hi]) => Math.abs(v - lo) > 0.01 && Math.abs(v - hi) > 0.01);
    checkPoints(math.clamp, bounds, 7102);
  });
  it('ifElse with scalar and elementwise conditions', () => {
    check(math.ifElse, [true, pointLike(0), pointLike(0)], 7200);
    check(math.ifElse, [false, pointLike([0, 0]), pointLike([0, 0])], 7201);
    check(
      math.ifElse,
      [[true, false, true], pointLike([0, 0, 0]), pointLike(new Float64Array(3))],
      7202,
    );
    check(math.ifElse, [[true, false, false], pointLike(0), pointLike([0, 0, 0])], 7203);
  });
  it('comparisons (non-differentiable, boolean results)', () => {
    ['lt', 'le', 'gt', 'ge', 'eq', 'ne'].forEach((name, k) => {
      check(fnOf(name), [pointLike(0), pointLike(0)], 7300 + k);
      check(fnOf(name), [pointLike([0, 0, 0]), pointLike(0)], 7310 + k);
    });
  });
});

describe('vector rules pass at random points', () => {
  const v = pointLike([0, 0, 0, 0, 0]);
  const f = pointLike(new Float64Array(4));
  it('reductions: sum, prod, mean, norm, logsumexp, dot', () => {
    check(math.sum, [v], 8000);
    check(math.sum, [f], 8001);
    check(math.sum, [pointLike(0)], 8002);
    check(math.prod, [v], 8003);
    check(math.mean, [f], 8004);
    check(math.norm, [v], 8005);
    check(math.logsumexp, [v], 8006);
    check(math.logsumexp, [pointLike([0, 0, 0], { domain: { min: -30, max: 30 } })], 8007);
    check(math.dot, [f, pointLike([0, 0, 0, 0])], 8008);
  });
  it('maps: cumsum, softmax', () => {
    check(math.cumsum, [v], 8100);
    check(math.softmax, [f], 8101);
  });
  it('higher-order: map and map2 with vocabulary kernels (the function argument has no tangent)', () => {
    check(math.map, [(x: Real) => math.mul(math.sin(x), x), v], 8200);
    check(math.map, [(x: Real) => math.exp(math.neg(math.square(x))), f], 8201);
    check(math.map2, [(x: Real, y: Real) => math.mul(math.exp(x), y), v, v], 8202);
    check(
      math.map2,
      [(x: Real, y: Real) => math.atan2(x, y), f, pointLike(0, { domain: 'positive' })],
      8203,
    );
  });
  it('indexing and slicing: at, slice, concat (indices have no tangent)', () => {
    check(math.at, [v, 2], 8300);
    check(math.at, [f, 0], 8301);
    check(math.slice, [v, 1, 4], 8302);
    check(math.slice, [f, 2, 4], 8303);
    check(math.concat, [v, pointLike(0), f], 8304);
  });
  it('storage: similar and zerosLike have zero derivatives', () => {
    check(math.similar, [v], 8400);
    check(math.similar, [f, 3], 8401);
    check(math.zerosLike, [v], 8402);
    check(math.zerosLike, [pointLike(0)], 8403);
  });
  it('setAt passes every check except "inputs not mutated": it writes in place by design', () => {
    covered.add(math.setAt);
    fc.assert(
      // The written value must differ from the one it replaces, or nothing visibly changes.
      fc.property(v, pointLike(0), fc.nat(), (x, value, seed) => {
        fc.pre(value !== x[2]);
        for (const tester of [testFrule, testRrule]) {
          let error: unknown;
          try {
            tester(math.setAt, [x, 2, value], { seed });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(RuleTestError);
          expect((error as RuleTestError).checks).toEqual(['inputs not mutated']);
        }
      }),
      { numRuns: runs, seed: seedFromEnv ?? 8500 },
    );
  });
});

describe('matrix rules pass at random points', () => {
  it('matvec, matmul, transpose on rectangular matrices', () => {
    check(math.matvec, [pointLike(matrix(2, 3)), pointLike([0, 0, 0])], 9000);
    check(math.matmul, [pointLike(matrix(2, 3)), pointLike(matrix(3, 2))], 9001);
    check(math.matmul, [pointLike(matrix(1, 4)), pointLike(matrix(4, 3))], 9002);
    check(math.transpose, [pointLike(matrix(2, 3))], 9003);
  });
  it('solve, det and logdet on well-conditioned matrices', () => {
    check(math.solve, [dominant(3), pointLike([0, 0, 0])], 9100);
    check(math.det, [pointLike(matrix(3, 3))], 9101);
    check(math.det, [dominant(4)], 9102);
    check(math.logdet, [dominant(3)], 9103);
  });
});

describe('coverage', () => {
  it('every differentiable function exported by @pullback/rules-core/math is tested above', () => {
    const exported = Object.entries(math).filter(
      ([, v]) => typeof v === 'function' && recordOf(v) !== undefined,
    );
    expect(exported.length).toBeGreaterThan(50);
    expect(exported.filter(([, fn]) => !covered.has(fn)).map(([name]) => name)).toEqual([]);
  });
});
