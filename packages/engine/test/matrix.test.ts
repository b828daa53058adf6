import { describe, expect, it } from 'vitest';
import type { Matrix, RealArray } from '@pullback/rules-core';
import { det, matmul, matvec, sum, transpose } from '@pullback/rules-core/math';
import { forward, gradient, jacobian, pushforward, reverse, type Backend } from '@pullback/engine';
import { expectClose } from './helpers.js';

const modes: [string, Backend][] = [
  ['forward()', forward({ fallback: 'error' })],
  ['reverse()', reverse({ fallback: 'error' })],
];

const A: Matrix<Float64Array> = { rows: 2, cols: 2, data: new Float64Array([2, 1, -1, 3]) };

describe.each(modes)('matrices { rows, cols, data } with %s', (_name, b) => {
  it('a matrix input: only data is differentiated; rows and cols come back as they were', () => {
    const g = gradient((M: Matrix) => det(M), b, A) as Matrix<Float64Array>;
    expect(g.rows).toBe(2);
    expect(g.cols).toBe(2);
    // ∂det/∂A = det(A)·A⁻ᵀ = [[3, 1], [-1, 2]] for A = [[2, 1], [-1, 3]]
    expectClose(g.data, [3, 1, -1, 2], 1e-15);
  });

  it('a matrix output: the Jacobian has one row per entry of data', () => {
    const f = (x: RealArray): Matrix =>
      matmul({ rows: 2, cols: 1, data: x }, { rows: 1, cols: 2, data: x });
    const J = jacobian(f as never, b, new Float64Array([1, 2]));
    expect([J.rows, J.cols]).toEqual([4, 2]);
    expectClose(J.data, [2, 0, 2, 1, 2, 1, 0, 4], 1e-15);
    const t = pushforward(
      f as never,
      b,
      new Float64Array([1, 2]),
      new Float64Array([1, 0]),
    ) as Matrix<Float64Array>;
    expect([t.rows, t.cols]).toEqual([2, 2]);
    expectClose(t.data, [2, 2, 2, 0], 1e-15);
  });

  it('matrix-vector code differentiates end to end', () => {
    const f = (x: RealArray) => sum(matvec(transpose(A), matvec(A, x)));
    // f = 1ᵀ AᵀA x, ∇f = AᵀA 1 = Aᵀ (A 1) = Aᵀ [3, 2] = [4, 9]
    expectClose(gradient(f, b, new Float64Array([0.3, -0.2])), [4, 9], 1e-15);
  });
});
