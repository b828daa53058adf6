import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  cumsum,
  dot,
  logsumexp,
  mean,
  norm,
  prod,
  softmax,
  sum,
  ShapeMismatchError,
} from '@pullback/rules-core/math';
import { real, realAwayFrom, vector, vectorPair } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';

const doubles = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 10 });
const asTyped = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('values', () => {
  test.prop([doubles])('sum adds left to right', (xs) => {
    const expected = xs.reduce((s, x) => s + x, 0);
    expect(sum(xs)).toBe(expected);
    expect(sum(asTyped(xs))).toBe(expected);
  });
  test.prop([fc.double()])('sum of a scalar is the scalar', (x) => {
    expect(sum(x)).toBe(x);
  });
  test.prop([doubles])('prod multiplies left to right; an empty product is 1', (xs) => {
    expect(prod(xs)).toBe(xs.reduce((p, x) => p * x, 1));
  });
  test.prop([doubles])('mean is sum / n', (xs) => {
    expect(mean(asTyped(xs))).toBe(xs.reduce((s, x) => s + x, 0) / xs.length);
  });
  test.prop([
    fc.array(
      fc.tuple(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      ),
      { maxLength: 10 },
    ),
  ])('dot is Σ xᵢ yᵢ', (pairs) => {
    const x = pairs.map((p) => p[0]);
    const y = asTyped(pairs.map((p) => p[1]));
    expect(dot(x, y)).toBe(pairs.reduce((s, [a, b]) => s + a * b, 0));
  });
  // Below 1e300 so that Math.hypot does not overflow (norm does not, right up to the largest double).
  test.prop([fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { maxLength: 10 })])(
    'norm matches Math.hypot to a few ulps, without underflow',
    (xs) => {
      const expected = Math.hypot(...xs);
      // Both are accurate to a few ulps (hypot in V8 also scales); 1e-15·n relative covers both.
      expect(Math.abs(norm(xs) - expected)).toBeLessThanOrEqual(1e-15 * (xs.length + 1) * expected);
    },
  );
  test('norm is accurate and finite where a naive √Σx² is not', () => {
    expect(norm([3, 4])).toBe(5);
    // A naive √Σx² gives Infinity and 0 here.
    expect(norm([3e200, 4e200]) / 5e200).toBeCloseTo(1, 15);
    expect(norm([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 15);
    expect(norm([0, 0])).toBe(0);
    expect(norm([1.797693134862312e308, 1e300])).toBe(1.797693134862312e308);
    expect(norm([1, Infinity])).toBe(Infinity);
    expect(norm([1, NaN])).toBeNaN();
  });
  test.prop([doubles])('cumsum gives running sums', (xs) => {
    let s = 0;
    expect(cumsum(xs)).toEqual(asTyped(xs.map((x) => (s += x))));
  });
  test.prop([fc.array(real(-20, 20), { minLength: 1, maxLength: 10 })])(
    'logsumexp matches log Σ exp on moderate values',
    (xs) => {
      const expected = Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
      expect(logsumexp(xs)).toBeCloseTo(expected, 12);
    },
  );
  test.prop([fc.array(real(-1e4, 1e4), { minLength: 1, maxLength: 10 })])(
    'logsumexp and softmax are stable for large inputs',
    (xs) => {
      const m = Math.max(...xs);
      const y = logsumexp(xs);
      expect(Number.isFinite(y)).toBe(true);
      expect(y).toBeGreaterThanOrEqual(m);
      expect(y).toBeLessThanOrEqual(m + Math.log(xs.length) + 1e-9);
      const p = softmax(xs);
      expect(Array.from(p).every(Number.isFinite)).toBe(true);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      // The reference exp(x - y) itself carries the rounding of x - y, up to ulp(max |x|) ≈
      // 2ε·max|x| absolute in the exponent, hence relative in the result.
      const tol = 4 * Number.EPSILON * Math.max(1, ...xs.map(Math.abs));
      xs.forEach((x, i) => expect(Math.abs(p[i] - Math.exp(x - y))).toBeLessThanOrEqual(tol));
    },
  );
  test('edge cases: empty arrays, infinities', () => {
    expect(sum([])).toBe(0);
    expect(mean([])).toBeNaN();
    expect(logsumexp([])).toBe(-Infinity);
    expect(logsumexp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logsumexp([1000, 1000])).toBe(1000 + Math.LN2);
    expect(softmax([])).toEqual(new Float64Array(0));
  });
  test('array functions return a Float64Array for plain number[] input', () => {
    expect(cumsum([1, 2])).toBeInstanceOf(Float64Array);
    expect(softmax([1, 2])).toBeInstanceOf(Float64Array);
  });
  test('dot rejects arrays of different lengths, naming both', () => {
    expect(() => dot([1, 2], [1, 2, 3])).toThrow(ShapeMismatchError);
    expect(() => dot([1, 2], [1, 2, 3])).toThrow(/^dot: x has length 2 and y has length 3/);
  });
  test('reductions reject a non-array, naming the function', () => {
    expect(() => prod(3 as never)).toThrow(/^prod: expected x to be an array/);
    expect(() => norm({} as never)).toThrow(/^norm: expected x to be an array/);
  });
});

describe('norm at zero', () => {
  test('has a zero gradient, not NaN', async () => {
    const { rulesOf } = await import('@pullback/rules-core');
    const { dualConfig } = await import('../helpers/dual.js');
    const r = rulesOf(norm)!;
    const [y, pullback] = r.rrule!([[0, 0, 0]], dualConfig());
    expect(y).toBe(0);
    expect(pullback(1)).toEqual([new Float64Array(3)]);
    expect(r.frule!([[0, 0]], [[1, 2]], dualConfig())).toEqual([0, 0]);
  });
});

const one = (name: string, f: unknown, x: fc.Arbitrary<unknown>): RuleCase => ({
  name,
  f: f as RuleCase['f'],
  args: x.map((v) => [v]),
});

describe('rules', () => {
  describeRules([
    one('sum', sum, vector(real(-3, 3))),
    one('sum of a scalar', sum, real(-3, 3)),
    one('prod', prod, vector(real(-2, 2))),
    one(
      'prod with a zero',
      prod,
      vector(real(-2, 2), 1, 4).map((x) => Array.from(x).concat([0])),
    ),
    one('mean', mean, vector(real(-3, 3))),
    { name: 'dot', f: dot as RuleCase['f'], args: vectorPair(real(-3, 3)) },
    one('norm', norm, vector(realAwayFrom(-3, 3, [0], 0.1))),
    one('cumsum', cumsum, vector(real(-3, 3))),
    one('logsumexp', logsumexp, vector(real(-5, 5))),
    one('softmax', softmax, vector(real(-5, 5))),
  ]);
});
