import { describe, expect, it } from 'vitest';
import {
  differentiable,
  isAbstractZero,
  noTangent,
  thunk,
  unthunk,
  type Real,
} from '@pullback/rules-core';
import {
  at,
  concat,
  dot,
  logsumexp,
  map2,
  matvec,
  mul,
  solve,
  sum,
} from '@pullback/rules-core/math';
import { RuleTestError } from '../../src/report/rule-test-error.js';
import { testRrule } from '../../src/testers/test-rrule.js';

/** A scalar cotangent, with zeroTangent read as 0 (pullbacks must accept it). */
const u = (dy: unknown): number => (isAbstractZero(unthunk(dy)) ? 0 : (unthunk(dy) as number));

describe('testRrule accepts correct rules on every kind of argument', () => {
  it('numbers, arrays, typed arrays, broadcasting', () => {
    testRrule(mul, [2, [1, 2, 3]]);
    testRrule(dot, [new Float64Array([1, 2]), [3, -4]]);
    testRrule(logsumexp, [[0.5, -1, 2]]);
    testRrule(concat, [1, [2, 3], new Float64Array([4])]);
  });

  it('matrices and solvers', () => {
    const A = { rows: 2, cols: 2, data: [4, 1, -1, 3] };
    testRrule(matvec, [A, [1, 2]]);
    testRrule(solve, [A, new Float64Array([1, -2])]);
  });

  it('integers flagged by the function record (at) or by the caller', () => {
    testRrule(at, [[1, 2, 3], 2]);
    const scaleBy = differentiable((x: number, k: number) => x * k, {
      rrule: ([x, k]) => [x * k, (dy) => [u(dy) * k, noTangent]],
    });
    testRrule(scaleBy, [1.5, 3], { nondiff: [1] });
  });

  it('functions as arguments (map2)', () => {
    testRrule(map2, [(a: Real, b: Real) => mul(a, b), [1, 2], [3, 4]]);
  });

  it('nested objects, and a given cotangent (also thunked)', () => {
    type P = { a: number; b: { c: number[] } };
    const f = differentiable((p: P) => p.a * (p.b.c[0] + p.b.c[1]), {
      rrule: ([p]) => {
        const s = p.b.c[0] + p.b.c[1];
        return [
          p.a * s,
          (dy) => {
            const v = u(dy);
            return [{ a: v * s, b: { c: [v * p.a, v * p.a] } }];
          },
        ];
      },
    });
    testRrule(f, [{ a: 2, b: { c: [1, 3] } }]);
    testRrule(f, [{ a: 2, b: { c: [1, 3] } }], { cotangent: 1 });
    testRrule(f, [{ a: 2, b: { c: [1, 3] } }], { cotangent: thunk(() => -0.5) });
  });

  it('large arguments are probed along random directions', () => {
    const x = Float64Array.from({ length: 80 }, (_, i) => Math.sin(i));
    testRrule(sum, [x]);
    const wrong = differentiable((v: Float64Array) => v.reduce((s, e) => s + e, 0), {
      rrule: ([v]) => [
        v.reduce((s, e) => s + e, 0),
        (dy) => [v.map((_, i) => (i === 70 ? 2 : 1) * u(dy))],
      ],
    });
    let error: unknown;
    try {
      testRrule(wrong, [x], { maxComponents: 32 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleTestError);
    expect((error as RuleTestError).failures[0].component).toContain('random direction');
  });
});

describe('testRrule reports', () => {
  it('an error lists every failing component with the finite-difference estimate', () => {
    const wrong = differentiable((x: number[]) => x.map((v) => v * v), {
      rrule: ([x]) => [
        x.map((v) => v * v),
        (dy) => [x.map((v, i) => v * ((unthunk(dy) as number[])[i] ?? 0))],
      ],
    });
    let error: RuleTestError | undefined;
    try {
      testRrule(wrong, [[1, 2, 3]], { seed: 3 });
    } catch (e) {
      error = e as RuleTestError;
    }
    expect(error).toBeInstanceOf(RuleTestError);
    const rows = error!.failures.filter((f) => f.check === 'rrule vs finite differences');
    expect(rows.map((r) => r.component)).toEqual(['[0]', '[1]', '[2]']);
    for (const r of rows) {
      expect(r.fdError).toBeGreaterThan(0);
      expect(r.fdError).toBeLessThan(1e-9);
      expect(r.actual as number).toBeCloseTo((r.expected as number) / 2, 8);
    }
    expect(error!.message).toMatch(/check\s+argument\s+component\s+expected\s+actual\s+fd error/);
    expect(error!.context.seed).toBe(3);
  });
});
