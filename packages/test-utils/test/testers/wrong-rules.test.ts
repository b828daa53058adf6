// Over 400 lines: one numbered catalogue of wrong rules the testers must catch, a short case each.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  differentiable,
  noTangent,
  primal,
  scalarRule,
  thunk,
  unthunk,
  zeroTangent,
  isAbstractZero,
  type Real,
} from '@pullback/rules-core';
import { cos, div, mul, neg, sin, square } from '@pullback/rules-core/math';
import { pointLike } from '../../src/arbitraries/point-like.js';
import { ruleProperty } from '../../src/arbitraries/rule-property.js';
import { RuleTestError, type RuleCheck } from '../../src/report/rule-test-error.js';
import { testFrule } from '../../src/testers/test-frule.js';
import { testRrule } from '../../src/testers/test-rrule.js';
import { testScalar } from '../../src/testers/test-scalar.js';

/*
 * A corpus of deliberately wrong rules. Each must be caught, and the report must name the
 * check that failed (and, where it applies, the argument and component).
 */

function caught(run: () => void): RuleTestError {
  try {
    run();
  } catch (e) {
    if (e instanceof RuleTestError) return e;
    throw e;
  }
  throw new Error('expected a RuleTestError, but the rule passed every check');
}

function expectCaught(
  run: () => void,
  check: RuleCheck,
  where?: { argument?: string; component?: string },
): RuleTestError {
  const error = caught(run);
  expect(error.checks).toContain(check);
  expect(error.message).toContain(check);
  if (where !== undefined) {
    expect(error.failures.filter((f) => f.check === check)).toContainEqual(
      expect.objectContaining(where),
    );
  }
  return error;
}

const u = (dy: unknown): number => unthunk(dy) as number;
const TANGENT_KIND = Symbol.for('@pullback/tangent-kind');
const nz = (t: unknown): number => (isAbstractZero(t) ? 0 : (unthunk(t) as number));

describe('wrong derivatives are caught against finite differences', () => {
  it('1. wrong sign (sin with -cos)', () => {
    const badSin = differentiable((x: number) => Math.sin(x), {
      frule: ([x], [dx]) => [Math.sin(x), -Math.cos(x) * nz(dx)],
      rrule: ([x]) => [Math.sin(x), (dy) => [-Math.cos(x) * u(dy)]],
    });
    expectCaught(() => testFrule(badSin, [0.7]), 'frule vs finite differences', {
      argument: 'args[0]',
      component: 'y',
    });
    expectCaught(() => testRrule(badSin, [0.7]), 'rrule vs finite differences', {
      argument: 'args[0]',
    });
  });

  it('2. wrong factor (square with x instead of 2x)', () => {
    const badSquare = scalarRule(
      (x: number) => x * x,
      (x) => [x],
    );
    const error = expectCaught(() => testScalar(badSquare, 1.3), 'rrule vs finite differences');
    expect(error.checks).toEqual(
      expect.arrayContaining(['frule vs finite differences', 'partials'] satisfies RuleCheck[]),
    );
  });

  it('3. swapped arguments (the partials of a / b given to the wrong argument)', () => {
    const badDiv = scalarRule(
      (a: number, b: number) => a / b,
      (a, b) => [neg(div(a, square(b))), div(1, b)],
    );
    const error = expectCaught(() => testRrule(badDiv, [1.5, -0.8]), 'rrule vs finite differences');
    expect(error.failures.map((f) => f.argument)).toEqual(
      expect.arrayContaining(['args[0]', 'args[1]']),
    );
    expectCaught(() => testFrule(badDiv, [1.5, -0.8]), 'frule vs finite differences');
  });

  it('4. a derivative dropped for one argument only names that argument', () => {
    const badMul = differentiable((a: number, b: number) => a * b, {
      frule: ([a, b], [da]) => [a * b, nz(da) * b],
      rrule: ([a, b]) => [a * b, (dy) => [u(dy) * b, 0]],
    });
    expectCaught(() => testFrule(badMul, [2, 3]), 'frule vs finite differences', {
      argument: 'args[1]',
    });
    const error = expectCaught(() => testRrule(badMul, [2, 3]), 'rrule vs finite differences', {
      argument: 'args[1]',
    });
    expect(
      error.failures
        .filter((f) => f.check === 'rrule vs finite differences')
        .every((f) => f.argument === 'args[1]'),
    ).toBe(true);
  });

  it('5. a thunk that gives another value', () => {
    const badExp = differentiable((x: number) => Math.exp(x), {
      rrule: ([x]) => [Math.exp(x), (dy) => [thunk(() => u(dy) * Math.exp(x) * 1.001)]],
    });
    expectCaught(() => testRrule(badExp, [0.4]), 'rrule vs finite differences');
  });

  it('5b. a hand-made thunk that gives another value each time it is forced', () => {
    const drifting = differentiable((x: number) => 2 * x, {
      rrule: ([x]) => [
        2 * x,
        (dy) => {
          let calls = 0;
          const d = u(dy);
          return [
            { [TANGENT_KIND]: 'thunk', force: () => 2 * d * (++calls === 1 ? 1 : 1.5) } as never,
          ];
        },
      ],
    });
    expectCaught(() => testRrule(drifting, [0.4]), 'thunked cotangent', { argument: 'args[0]' });
  });

  it('6. zeroTangent for an argument whose derivative is not zero', () => {
    const lazy = differentiable((a: number, b: number) => a + b, {
      rrule: ([a, b]) => [a + b, (dy) => [u(dy), zeroTangent]],
    });
    expectCaught(() => testRrule(lazy, [1, 2]), 'rrule vs finite differences', {
      argument: 'args[1]',
    });
  });

  it('7. a wrong entry deep inside a nested object argument names its path', () => {
    type P = { w: number[]; b: { c: number } };
    const f = differentiable((p: P) => p.w[0] * p.w[1] + p.b.c, {
      rrule: ([p]) => [
        p.w[0] * p.w[1] + p.b.c,
        (dy) => [{ w: [u(dy) * p.w[1], u(dy) * p.w[1]], b: { c: u(dy) } }],
      ],
    });
    expectCaught(
      () => testRrule(f, [{ w: [0.5, 2], b: { c: 1 } }]),
      'rrule vs finite differences',
      {
        argument: 'args[0]',
        component: '.w[1]',
      },
    );
  });

  it('8. a matrix rule without its transpose', () => {
    type M = { rows: number; cols: number; data: Float64Array };
    const mv = (A: M, x: Float64Array): Float64Array =>
      Float64Array.from({ length: A.rows }, (_, i) => {
        let s = 0;
        for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * x[j];
        return s;
      });
    const badMatvec = differentiable(mv, {
      rrule: ([A, x]) => [
        mv(A, x),
        (dy) => {
          const w = unthunk(dy) as Float64Array;
          const dA = Float64Array.from(
            { length: A.rows * A.cols },
            (_, k) => w[Math.floor(k / A.cols)] * x[k % A.cols],
          );
          // Wrong: A·w instead of Aᵀ·w (A is square, so the shapes still fit).
          return [{ rows: A.rows, cols: A.cols, data: dA }, mv(A, w)];
        },
      ],
    });
    const A = { rows: 2, cols: 2, data: new Float64Array([1, 2, -3, 0.5]) };
    expectCaught(
      () => testRrule(badMatvec, [A, new Float64Array([0.3, -1])]),
      'rrule vs finite differences',
      {
        argument: 'args[1]',
      },
    );
  });

  it('9. a rule wrong only in a small region of the domain is found by random points', () => {
    const patchy = scalarRule(
      (x: number) => Math.sin(x),
      (x) => [primal(x) > 1 && primal(x) < 1.3 ? mul(1.01, cos(x)) : cos(x)],
    );
    // Right at most points:
    testScalar(patchy, 0.5);
    testScalar(patchy, 2);
    let error: unknown;
    try {
      fc.assert(ruleProperty(patchy, [pointLike(0)]), { numRuns: 100, seed: 42 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const cause = (error as Error & { cause?: unknown }).cause;
    expect(cause).toBeInstanceOf(RuleTestError);
    expect((cause as RuleTestError).checks).toContain('frule vs finite differences');
    const x = (cause as RuleTestError).context.args[0] as number;
    expect(x > 1 && x < 1.3).toBe(true);
  });
});

describe('wrong primals and protocol violations are caught', () => {
  it('10. wrong primal', () => {
    const off = differentiable((x: number) => x * x, {
      frule: ([x], [dx]) => [x * x + 1e-6, 2 * x * nz(dx)],
      rrule: ([x]) => [x * x + 1e-6, (dy) => [2 * x * u(dy)]],
    });
    expectCaught(() => testFrule(off, [1.5]), 'primal', { argument: 'y', component: 'y' });
    expectCaught(() => testRrule(off, [1.5]), 'primal');
  });

  it('11. a missing argument cotangent', () => {
    const short = differentiable((a: number, b: number) => a * b, {
      rrule: ([a, b]) => [a * b, (dy) => [u(dy) * b] as never],
    });
    const error = expectCaught(() => testRrule(short, [2, 3]), 'tangent structure');
    expect(error.message).toContain('2 cotangents');
  });

  it('12. zeroTangent for an integer argument (instead of noTangent)', () => {
    const pick = differentiable(
      (x: number[], i: number) => x[i],
      {
        rrule: ([x, i]) => [x[i], (dy) => [x.map((_, k) => (k === i ? u(dy) : 0)), zeroTangent]],
      },
      { nondiff: [1] },
    );
    const error = expectCaught(() => testRrule(pick, [[1, 2, 3], 1]), 'tangent structure', {
      argument: 'args[1]',
    });
    expect(error.message).toContain('noTangent');
    // The same rule is fine when the index is declared by the caller instead of the record.
    const pickUndeclared = differentiable((x: number[], i: number) => x[i], {
      rrule: ([x, i]) => [x[i], (dy) => [x.map((_, k) => (k === i ? u(dy) : 0)), zeroTangent]],
    });
    expectCaught(
      () => testRrule(pickUndeclared, [[1, 2, 3], 1], { nondiff: [1] }),
      'tangent structure',
    );
  });

  it('13. noTangent for a differentiable argument', () => {
    const f = differentiable((a: number, b: number) => a + 0 * b, {
      rrule: ([a, b]) => [a + 0 * b, (dy) => [u(dy), noTangent]],
    });
    expectCaught(() => testRrule(f, [1, 2]), 'tangent structure', { argument: 'args[1]' });
  });

  it('14. an array cotangent for a scalar that was broadcast (a missing unbroadcast)', () => {
    const scale = differentiable((s: number, x: number[]) => x.map((v) => s * v), {
      rrule: ([s, x]) => [
        x.map((v) => s * v),
        (dy) => {
          const w = unthunk(dy) as ArrayLike<number>;
          return [Array.from(x, (v, i) => v * w[i]) as never, Array.from(w, (wi) => s * wi)];
        },
      ],
    });
    expectCaught(() => testRrule(scale, [2, [1, 2, 3]]), 'tangent structure', {
      argument: 'args[0]',
    });
  });

  it('15. an frule tangent of the wrong shape', () => {
    const f = differentiable((x: number[]) => x[0] + x[1], {
      frule: ([x], [dx]) => [x[0] + x[1], dx as never],
    });
    expectCaught(() => testFrule(f, [[1, 2]]), 'tangent structure', { argument: 'y' });
  });

  it('16. a cotangent array of the wrong length', () => {
    const f = differentiable((x: number[]) => x[0] * x[1], {
      rrule: ([x]) => [x[0] * x[1], (dy) => [[u(dy) * x[1]]]],
    });
    expectCaught(() => testRrule(f, [[1, 2]]), 'tangent structure', { argument: 'args[0]' });
  });

  it('17. a rule that throws, and one that returns the wrong shape', () => {
    const throwing = differentiable((x: number) => x, {
      rrule: () => {
        throw new Error('not implemented');
      },
    });
    const error = expectCaught(() => testRrule(throwing, [1]), 'rule runs');
    expect(error.message).toContain('not implemented');
    const shapeless = differentiable((x: number) => x, { frule: ([x]) => [x] as never });
    expectCaught(() => testFrule(shapeless, [1]), 'rule runs');
  });

  it('18. a function without the rule being tested', () => {
    const onlyReverse = differentiable((x: number) => 2 * x, {
      rrule: ([x]) => [2 * x, (dy) => [2 * u(dy)]],
    });
    const error = expectCaught(() => testFrule(onlyReverse, [1]), 'rule present');
    expect(error.message).toContain('testRrule');
  });
});

describe('pullbacks that misbehave are caught', () => {
  it('19. a pullback that mutates dy', () => {
    const f = differentiable((x: number[]) => x.map((v) => 3 * v), {
      rrule: ([x]) => [
        x.map((v) => 3 * v),
        (dy) => {
          const w = unthunk(dy) as number[];
          for (let i = 0; i < w.length; i++) w[i] *= 3;
          return [w];
        },
      ],
    });
    expectCaught(() => testRrule(f, [[1, 2]]), 'cotangent not mutated', { argument: 'dy' });
  });

  it('20. a rule that mutates its input (in the rule, in the pullback, and in an frule)', () => {
    const inRule = differentiable((x: number[]) => x[0] * 2, {
      rrule: ([x]) => {
        const y = x[0] * 2;
        x[1] = 0;
        return [y, (dy) => [[2 * u(dy), 0]]];
      },
    });
    expectCaught(() => testRrule(inRule, [[1, 2]]), 'inputs not mutated', {
      argument: 'args[0]',
      component: '[1]',
    });
    const inPullback = differentiable((x: Float64Array) => x[0] * x[1], {
      rrule: ([x]) => [
        x[0] * x[1],
        (dy) => {
          const g = x;
          const [a, b] = [x[1] * u(dy), x[0] * u(dy)];
          g[0] = a;
          g[1] = b;
          return [g];
        },
      ],
    });
    expectCaught(() => testRrule(inPullback, [new Float64Array([1, 2])]), 'inputs not mutated');
    const inFrule = differentiable((x: number[]) => x[0] + x[1], {
      frule: ([x], [dx]) => {
        const t = dx as number[];
        const out = t[0] + t[1];
        t[0] = 0;
        return [x[0] + x[1], out];
      },
    });
    expectCaught(() => testFrule(inFrule, [[1, 2]]), 'inputs not mutated', {
      argument: 'tangents[0]',
    });
  });

  it('21. a pullback that writes into the primal output it returned', () => {
    const f = differentiable((x: number[]) => x.map((v) => v * v), {
      rrule: ([x]) => {
        const y = x.map((v) => v * v);
        return [
          y,
          (dy) => {
            const w = unthunk(dy) as ArrayLike<number>;
            y[0] = -1;
            return [x.map((v, i) => 2 * v * w[i])];
          },
        ];
      },
    });
    expectCaught(() => testRrule(f, [[1, 2]]), 'inputs not mutated', { argument: 'y' });
  });

  it('22. a nonlinear pullback', () => {
    const f = differentiable((x: number) => 3 * x, {
      rrule: ([x]) => [3 * x, (dy) => [3 * u(dy) * Math.abs(u(dy))]],
    });
    expectCaught(() => testRrule(f, [0.5], { cotangent: 1 }), 'pullback linearity');
  });

  it('23. a pullback that keeps state between calls', () => {
    const f = differentiable((x: number) => 3 * x, {
      rrule: ([x]) => {
        let calls = 0;
        return [3 * x, (dy) => [3 * u(dy) * (++calls === 1 ? 1 : 2)]];
      },
    });
    expectCaught(() => testRrule(f, [0.5]), 'pullback repeatable');
  });

  it('24. a pullback that mishandles a thunked dy', () => {
    const f = differentiable((x: number) => 3 * x, {
      rrule: ([x]) => [3 * x, (dy) => [typeof dy === 'number' ? 3 * dy : 0]],
    });
    expectCaught(() => testRrule(f, [0.5]), 'thunked cotangent');
  });

  it('25. rules that cannot take zeroTangent', () => {
    const f = differentiable((x: number) => 3 * x, {
      frule: ([x], [dx]) => [3 * x, 3 * (dx as number)],
      rrule: ([x]) => [3 * x, (dy) => [3 * (unthunk(dy) as number)]],
    });
    expectCaught(() => testRrule(f, [0.5]), 'zero cotangent');
    expectCaught(() => testFrule(f, [0.5]), 'zero tangent');
  });
});

describe('rules that disagree, or are not differentiable themselves', () => {
  it('26. an frule and an rrule that disagree (both are tested against each other)', () => {
    const f = differentiable((x: number) => x ** 3, {
      frule: ([x], [dx]) => [x ** 3, 3 * x * x * nz(dx)],
      rrule: ([x]) => [x ** 3, (dy) => [2 * x * x * u(dy)]],
    });
    expectCaught(() => testFrule(f, [1.2]), 'frule/rrule agreement', { argument: 'args[0]' });
    expectCaught(() => testRrule(f, [1.2]), 'frule/rrule agreement');
  });

  it('27. a rule whose partials drop derivatives (Math.cos of a primal) fails only at order 2', () => {
    const sinFlat = scalarRule(
      (x: number) => Math.sin(x),
      (x) => [Math.cos(primal(x))],
    );
    testScalar(sinFlat, 0.3);
    expectCaught(() => testScalar(sinFlat, 0.3, { order: 2 }), 'second order', {
      argument: 'args[0] (frule)',
    });
    expectCaught(() => testRrule(sinFlat, [0.3], { order: 2 }), 'second order');
    // The vocabulary version is differentiable all the way down.
    testScalar(sin, 0.3, { order: 2 });
    const sinGood = scalarRule(
      (x: number) => Math.sin(x),
      (x: Real) => [cos(x)],
    );
    testScalar(sinGood, 0.3, { order: 2 });
  });

  it('28. a higher-order rule that ignores its function argument', () => {
    const body = (f: (v: Real) => Real, x: number): number => f(x) as number;
    const right = differentiable(
      body,
      {
        frule: ([f, x], [, dx], config) => {
          const [y, dy] = config.fruleViaAD(f, [x], [nz(dx)]);
          return [y as number, dy as number];
        },
        rrule: ([f, x], config) => {
          const [y, back] = config.rruleViaAD(f, [x]);
          return [y as number, (dy) => [noTangent, (back(dy as never) as unknown[])[0] as number]];
        },
      },
      { nondiff: [0], name: 'apply' },
    );
    const wrong = differentiable(
      body,
      { frule: ([f, x], [, dx]) => [f(x) as number, nz(dx)] },
      { nondiff: [0], name: 'applyWrong' },
    );
    const g = (v: Real): Real => mul(sin(v), v);
    testFrule(right, [g, 0.8]);
    testRrule(right, [g, 0.8]);
    expectCaught(() => testFrule(wrong, [g, 0.8]), 'frule vs finite differences', {
      argument: 'args[1]',
    });
  });
});
