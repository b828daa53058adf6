import { describe, expect, it } from 'vitest';
import {
  differentiable,
  isAbstractZero,
  noTangent,
  unthunk,
  zeroTangent,
  type Real,
} from '@pullback/rules-core';
import { add, exp, map, matmul, mul, sin, sum } from '@pullback/rules-core/math';
import { fdm } from '../../src/fdm/fdm.js';
import { RuleTestError } from '../../src/report/rule-test-error.js';
import { testFrule } from '../../src/testers/test-frule.js';

const nz = (t: unknown): number => (isAbstractZero(t) ? 0 : (unthunk(t) as number));

describe('testFrule accepts correct rules on every kind of argument', () => {
  it('numbers, number[], Float64Array and broadcast scalars', () => {
    testFrule(mul, [2, 3]);
    testFrule(mul, [2, [1, 2, 3]]);
    testFrule(add, [new Float64Array([1, -2]), [0.5, 4]]);
    testFrule(sum, [new Float64Array([1, 2, 3])]);
  });

  it('matrices { rows, cols, data }', () => {
    const A = { rows: 2, cols: 3, data: new Float64Array([1, 2, 3, 4, 5, 6]) };
    const B = { rows: 3, cols: 2, data: [0.5, -1, 2, 0, 1, 1] };
    testFrule(matmul, [A, B]);
  });

  it('nested plain objects, with a string and a boolean inside', () => {
    type Layer = { w: number[]; b: number; act: string; on: boolean };
    const layer = differentiable(
      (p: Layer, x: number) => (p.on ? Math.tanh(p.w[0] * x + p.w[1] + p.b) : 0),
      {
        frule: ([p, x], [dp, dx]) => {
          const z = p.w[0] * x + p.w[1] + p.b;
          const t = Math.tanh(z);
          const d = isAbstractZero(dp)
            ? { w: [0, 0], b: 0 }
            : (dp as unknown as { w: number[]; b: number });
          const dz = d.w[0] * x + p.w[0] * nz(dx) + d.w[1] + d.b;
          return [p.on ? t : 0, p.on ? (1 - t * t) * dz : 0];
        },
      },
    );
    testFrule(layer, [{ w: [0.3, -0.2], b: 0.1, act: 'tanh', on: true }, 0.7]);
  });

  it('functions as arguments (map), which get noTangent', () => {
    testFrule(map, [(v: Real) => exp(sin(v)), [0.1, 0.2, 0.3]]);
  });

  it('given tangents, including zeroTangent and noTangent', () => {
    testFrule(mul, [2, 3], { tangents: [1, 0] });
    testFrule(mul, [2, 3], { tangents: [zeroTangent, 1] });
    testFrule(map, [(v: Real) => mul(v, v), [1, 2]], { tangents: [noTangent, [1, -1]] });
  });

  it('returns nothing and leaves its arguments alone', () => {
    const x = [1, 2, 3];
    expect(testFrule(mul, [2, x])).toBeUndefined();
    expect(x).toEqual([1, 2, 3]);
  });
});

describe('testFrule options and reports', () => {
  const off = differentiable((x: number) => x * x, {
    frule: ([x], [dx]) => [x * x, 2.000001 * x * nz(dx)],
  });

  it('rtol and atol decide how close is close enough', () => {
    expect(() => testFrule(off, [1])).toThrow(RuleTestError);
    testFrule(off, [1], { rtol: 1e-5 });
    testFrule(off, [1], { atol: 1e-5 });
  });

  it('the seed fixes the random tangents, and the report prints it', () => {
    const message = (seed: number): string => {
      try {
        testFrule(off, [1], { seed });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(message(7)).toBe(message(7));
    expect(message(7)).not.toBe(message(8));
    expect(message(7)).toContain('seed 7');
  });

  it('an fdm option is used for the reference, and its error estimate is reported', () => {
    const fdError = (options: Parameters<typeof testFrule>[2]): number => {
      try {
        testFrule(off, [1], options);
      } catch (e) {
        return (e as RuleTestError).failures[0].fdError ?? Number.NaN;
      }
      return Number.NaN;
    };
    const fine = fdError({});
    const crude = fdError({ fdm: fdm({ points: 2, kind: 'forward' }) });
    expect(fine).toBeGreaterThan(0);
    expect(crude).toBeGreaterThan(100 * fine);
    const cube = differentiable((x: number) => x ** 3, {
      frule: ([x], [dx]) => [x ** 3, 3 * x * x * nz(dx)],
    });
    testFrule(cube, [2], { fdm: fdm({ points: 7 }) });
  });

  it('rejects tangents that do not fit the arguments, and bad nondiff indices', () => {
    expect(() => testFrule(mul, [2, [1, 2]], { tangents: [1] })).toThrow(TypeError);
    expect(() => testFrule(mul, [2, [1, 2]], { tangents: [1, [1, 2, 3]] })).toThrow(/do not fit/);
    expect(() => testFrule(mul, [2, 3], { nondiff: [5] })).toThrow(RangeError);
    expect(() => testFrule(mul as never, 2 as never)).toThrow(/args must be the array/);
  });
});
