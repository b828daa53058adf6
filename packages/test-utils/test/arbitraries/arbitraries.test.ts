import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differentiable, isAbstractZero, isNoTangent, unthunk } from '@pullback/rules-core';
import { exp, log, max } from '@pullback/rules-core/math';
import { intervalOf } from '../../src/arbitraries/domain.js';
import { pointLike } from '../../src/arbitraries/point-like.js';
import { ruleProperty } from '../../src/arbitraries/rule-property.js';
import { tangentLike } from '../../src/arbitraries/tangent-like.js';
import { RuleTestError } from '../../src/report/rule-test-error.js';

describe('pointLike', () => {
  it('keeps the template structure: number[], Float64Array, matrices, nested objects, constants', () => {
    const f = (v: number): number => v;
    const template = {
      a: 0,
      b: [0, 0, 0],
      c: new Float64Array(2),
      m: { rows: 2, cols: 1, data: new Float64Array(2) },
      name: 'tanh',
      on: true,
      f,
    };
    fc.assert(
      fc.property(pointLike(template), (p) => {
        expect(typeof p.a).toBe('number');
        expect(Array.isArray(p.b) && p.b.length === 3).toBe(true);
        expect(p.c).toBeInstanceOf(Float64Array);
        expect(p.m.rows).toBe(2);
        expect(p.m.data).toBeInstanceOf(Float64Array);
        expect(p.name).toBe('tanh');
        expect(p.on).toBe(true);
        expect(p.f).toBe(f);
      }),
      { numRuns: 50 },
    );
  });

  it('draws from the domain', () => {
    for (const domain of [
      'real',
      'positive',
      'negative',
      'nonzero',
      'unit',
      'probability',
    ] as const) {
      const { min, max } = intervalOf(domain);
      fc.assert(
        fc.property(pointLike([0, 0], { domain }), (xs) => xs.every((x) => x >= min && x <= max)),
        { numRuns: 200 },
      );
    }
    fc.assert(
      fc.property(pointLike(0, { domain: 'nonzero' }), (x) => Math.abs(x) >= 0.1),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        pointLike(0, { domain: { min: -2, max: 2, avoid: [-1, 0, 1], margin: 0.05 } }),
        (x) => [-1, 0, 1].every((a) => Math.abs(x - a) >= 0.05),
      ),
      { numRuns: 300 },
    );
  });

  it('spreads points over the interval rather than piling them up at 0', () => {
    const xs = fc.sample(pointLike(0), { numRuns: 1000, seed: 5 });
    const big = xs.filter((x) => Math.abs(x) > 1).length;
    expect(big).toBeGreaterThan(400);
  });

  it('accepts an interval as a [min, max] pair', () => {
    fc.assert(
      fc.property(pointLike(0, { domain: [2, 2.5] }), (x) => x >= 2 && x <= 2.5),
      { numRuns: 100 },
    );
  });

  it('rejects nonsense domains', () => {
    expect(() => pointLike(0, { domain: { min: 2, max: 1 } })).toThrow(RangeError);
    expect(() => pointLike(0, { domain: 'complex' as never })).toThrow(RangeError);
  });
});

describe('tangentLike', () => {
  it('mirrors the template, with noTangent where there is no tangent space', () => {
    const t = fc.sample(
      tangentLike({ w: [0, 0], s: 'x', m: { rows: 1, cols: 1, data: [0] } }, { scale: 0.5 }),
      {
        numRuns: 20,
      },
    );
    for (const v of t) {
      expect(v.w).toHaveLength(2);
      expect(v.w.every((e: number) => Math.abs(e) <= 0.5)).toBe(true);
      expect(isNoTangent(v.s)).toBe(true);
      expect(v.m.data).toHaveLength(1);
    }
  });
});

describe('ruleProperty', () => {
  it('passes for a correct rule and fails with the RuleTestError as cause for a wrong one', () => {
    fc.assert(ruleProperty(log, [pointLike(0, { domain: 'positive' })]), { numRuns: 100, seed: 1 });
    fc.assert(ruleProperty(exp, [pointLike([0, 0])], { rules: 'rrule' }), { numRuns: 50, seed: 1 });
    const badLog = differentiable((x: number) => Math.log(x), {
      rrule: ([x]) => [Math.log(x), (dy) => [(unthunk(dy) as number) / (x + 0.001)]],
    });
    let error: unknown;
    try {
      fc.assert(ruleProperty(badLog, [pointLike(0, { domain: 'positive' })]), {
        numRuns: 100,
        seed: 1,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('Counterexample');
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(RuleTestError);
  });

  it('accepts one arbitrary of whole argument tuples', () => {
    const apart = fc.tuple(pointLike(0), pointLike(0)).filter(([a, b]) => Math.abs(a - b) > 0.01);
    fc.assert(ruleProperty(max, apart), { numRuns: 50, seed: 3 });
  });

  it('passes fixed values (functions, indices) through unchanged', () => {
    const seen: unknown[] = [];
    const pick = differentiable(
      (x: number[], i: number) => (seen.push(i), x[i]),
      {
        frule: ([x, i], [dx]) => [x[i], isAbstractZero(dx) ? 0 : (dx as number[])[i]],
      },
      { nondiff: [1] },
    );
    fc.assert(ruleProperty(pick, [pointLike([0, 0, 0]), 2]), { numRuns: 10 });
    expect(seen.every((i) => i === 2)).toBe(true);
  });
});
