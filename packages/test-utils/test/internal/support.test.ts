import { describe, expect, it } from 'vitest';
import { noTangent } from '@pullback/rules-core';
import { deepCopy, firstDifference } from '../../src/tree/clone.js';
import { close } from '../../src/numeric/compare.js';
import { formatNumber, table } from '../../src/report/format.js';
import { Rng } from '../../src/numeric/random.js';
import { factorial, solveExact } from '../../src/fdm/rational.js';
import { layoutOf } from '../../src/tree/layout.js';
import { merge, mergeTangent, reals } from '../../src/tree/split.js';
import { stencilOf } from '../../src/fdm/stencil.js';
import { ulp } from '../../src/fdm/step-selection.js';

describe('exact rational solves', () => {
  it('solves integer systems exactly', () => {
    expect(
      solveExact(
        [
          [2n, 1n],
          [1n, 3n],
        ],
        [3n, 5n],
      ),
    ).toEqual([0.8, 1.4]);
    expect(() =>
      solveExact(
        [
          [1n, 2n],
          [2n, 4n],
        ],
        [1n, 1n],
      ),
    ).toThrow(RangeError);
    expect(factorial(5)).toBe(120n);
  });
  it('gives the 9-point central weights to full precision', () => {
    const c = stencilOf('central', 9, 1).coefficients;
    expect(c[8]).toBe(-1 / 280);
    expect(c[5]).toBe(4 / 5);
  });
});

describe('copies and differences', () => {
  it('copies arrays, typed arrays and plain objects, sharing functions', () => {
    const v = { a: [1, { b: new Float64Array([2]) }], f: Math.cos, n: noTangent };
    const c = deepCopy(v);
    expect(c).toEqual(v);
    expect(c.a).not.toBe(v.a);
    expect(c.f).toBe(Math.cos);
    expect(c.n).toBe(noTangent);
    (c.a[1] as { b: Float64Array }).b[0] = 5;
    expect(firstDifference(c, v)).toBe('.a[1].b[0]');
    expect(firstDifference(v, deepCopy(v))).toBeUndefined();
    expect(firstDifference([Number.NaN], [Number.NaN])).toBeUndefined();
    expect(firstDifference([0], [-0])).toBe('[0]');
  });
});

describe('tolerances', () => {
  it('relative to the larger magnitude, absolute near zero, plus slack', () => {
    expect(close(1 + 1e-10, 1, 1e-9, 0)).toBe(true);
    expect(close(1 + 1e-8, 1, 1e-9, 0)).toBe(false);
    expect(close(1e-10, 0, 0, 1e-9)).toBe(true);
    expect(close(1.1, 1, 0, 0, 0.2)).toBe(true);
    expect(close(Number.NaN, Number.NaN, 0, 0)).toBe(true);
    expect(close(Number.NaN, 1, 1, 1)).toBe(false);
    expect(close(Infinity, Infinity, 0, 0)).toBe(true);
  });
});

describe('formatting', () => {
  it('numbers readable and precise', () => {
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(282334)).toBe('282334');
    expect(formatNumber(1 / 3)).toBe('0.333333333333');
    expect(formatNumber(1.5e-12)).toBe('1.5e-12');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
  it('tables with aligned columns', () => {
    expect(table(['a', 'bb'], [['xxx', 'y']], '')).toBe('a    bb\n---  --\nxxx  y');
  });
});

describe('seeded randomness', () => {
  it('is reproducible and spread out', () => {
    const a = new Rng(3);
    const b = new Rng(3);
    const xs = Array.from({ length: 1000 }, () => a.uniform());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.uniform()));
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
    const t = Array.from({ length: 1000 }, () => a.tangentEntry());
    expect(t.every((v) => Math.abs(v) >= 0.5 && Math.abs(v) < 1.5)).toBe(true);
    expect(new Rng(4).uniform()).not.toBe(new Rng(3).uniform());
  });
});

describe('ulp', () => {
  it('is the spacing of doubles at x', () => {
    expect(ulp(1)).toBe(Number.EPSILON);
    expect(ulp(2)).toBe(2 * Number.EPSILON);
    expect(ulp(1.9999999999999998)).toBe(Number.EPSILON);
    expect(ulp(0)).toBe(Number.MIN_VALUE);
  });
});

describe('splitting values for the engine', () => {
  it('drops constants and matrix sizes, and puts them back', () => {
    const args = [Math.sin, { w: [1, 2], act: 'tanh' }, { rows: 1, cols: 1, data: [3] }, 4];
    const l = layoutOf(args);
    const part = reals(l, args);
    expect(part).toEqual([{ w: [1, 2] }, { data: [3] }, 4]);
    expect(merge(l, part, args)).toEqual(args);
    expect(mergeTangent(l, part, args)).toEqual([
      noTangent,
      { w: [1, 2], act: noTangent },
      { rows: 1, cols: 1, data: [3] },
      4,
    ]);
  });
});
