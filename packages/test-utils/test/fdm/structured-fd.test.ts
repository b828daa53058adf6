import { describe, expect, it } from 'vitest';
import { noTangent, zeroTangent } from '@pullback/rules-core';
import { gradientFd } from '../../src/fdm/gradient-fd.js';
import { jacobianFd } from '../../src/fdm/jacobian-fd.js';
import { jvpFd } from '../../src/fdm/jvp-fd.js';
import { FiniteDifferenceError } from '../../src/fdm/finite-difference-error.js';
import { fdm } from '../../src/fdm/fdm.js';

describe('jvpFd', () => {
  it('directional derivatives in the output structure', () => {
    const f = (p: { a: number; b: number[] }) => ({
      s: p.a * p.b[0],
      v: [Math.sin(p.a), p.b[1] ** 2],
    });
    const t = jvpFd(f, { a: 0.5, b: [2, 3] }, { a: 1, b: [0, 1] });
    expect(t.s).toBeCloseTo(2, 10);
    expect(t.v).toBeInstanceOf(Float64Array);
    expect(t.v[0]).toBeCloseTo(Math.cos(0.5), 10);
    expect(t.v[1]).toBeCloseTo(6, 10);
  });

  it('accepts zeroTangent, and noTangent where there is no tangent space', () => {
    const f = (p: { x: number; name: string }) => p.x * p.x;
    expect(jvpFd(f, { x: 3, name: 'k' }, { x: 1, name: noTangent })).toBeCloseTo(6, 9);
    expect(jvpFd(f, { x: 3, name: 'k' }, zeroTangent)).toBe(0);
  });

  it('matrices in and out', () => {
    const scale = (A: { rows: number; cols: number; data: number[] }) => ({
      ...A,
      data: A.data.map((v) => 2 * v),
    });
    const t = jvpFd(scale, { rows: 1, cols: 2, data: [1, 2] }, { rows: 1, cols: 2, data: [1, -1] });
    expect(t.rows).toBe(1);
    expect(Array.from(t.data)).toEqual([expect.closeTo(2, 9), expect.closeTo(-2, 9)]);
  });

  it('rejects tangents that do not fit', () => {
    expect(() => jvpFd((x: number[]) => x[0], [1, 2], [1])).toThrow(FiniteDifferenceError);
  });
});

describe('jacobianFd', () => {
  it('row-major over flattened output and input', () => {
    const J = jacobianFd((v: number[]) => [v[0] * v[1], Math.exp(v[1]), 5], [2, 0.5]);
    expect(J.rows).toBe(3);
    expect(J.cols).toBe(2);
    const want = [0.5, 2, 0, Math.exp(0.5), 0, 0];
    want.forEach((w, k) => expect(J.data[k]).toBeCloseTo(w, 9));
  });

  it('calls f on copies and never changes x', () => {
    const x = [1, 2];
    jacobianFd((v: number[]) => {
      v[0] = 100;
      return v[1];
    }, x);
    expect(x).toEqual([1, 2]);
  });

  it('complains when the output changes structure near the point', () => {
    expect(() => jacobianFd((v: number[]) => (v[0] > 1 ? [v[0]] : [v[0], v[0]]), [1])).toThrow(
      /changed structure/,
    );
  });
});

describe('gradientFd', () => {
  it('in the structure of x, arrays as Float64Array', () => {
    const g = gradientFd((p: { a: number; b: number[] }) => p.a * p.b[0] + p.b[1], {
      a: 2,
      b: [3, 4],
    });
    expect(g.a).toBeCloseTo(3, 10);
    expect(g.b).toBeInstanceOf(Float64Array);
    expect(g.b[0]).toBeCloseTo(2, 10);
    expect(g.b[1]).toBeCloseTo(1, 10);
  });

  it('needs a real-valued function', () => {
    expect(() => gradientFd((x: number[]) => x as unknown as number, [1, 2])).toThrow(
      /must return a number/,
    );
  });
});

describe('the method first, as FiniteDifferences.jl orders it, or last', () => {
  it('gives the same results either way', () => {
    const f = (v: number[]) => v[0] * Math.exp(v[1]);
    const m = fdm({ points: 7 });
    expect(gradientFd(m, f, [2, 0.5])).toEqual(gradientFd(f, [2, 0.5], { fdm: m }));
    expect(gradientFd(f, [2, 0.5], m)).toEqual(gradientFd(f, [2, 0.5], { fdm: m }));
    expect(jacobianFd(m, f, [2, 0.5])).toEqual(jacobianFd(f, [2, 0.5], m));
    expect(jvpFd(m, f, [2, 0.5], [1, 1])).toBe(jvpFd(f, [2, 0.5], [1, 1], m));
    expect(jvpFd(m, Math.sin, 1, 1)).toBeCloseTo(Math.cos(1), 12);
  });
});
