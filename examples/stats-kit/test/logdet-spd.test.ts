import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { testFrule, testRrule } from '@pullback/test-utils';
import { forward, gradient, hvp, reverse, secondOrder } from '@pullback/engine';
import type { Matrix } from '@pullback/rules-core';
import { logdet, ShapeMismatchError, solve } from '@pullback/rules-core/math';
import { logdetSPD, NotPositiveDefiniteError } from '../src/index.js';
import { expectClose } from './close.js';

type Dense = Matrix<Float64Array>;
const matrix = (n: number, data: readonly number[]): Dense => ({
  rows: n,
  cols: n,
  data: Float64Array.from(data),
});
/** B Bᵀ + n·I: symmetric positive definite, eigenvalues at least n. */
const spd = (n: number, b: readonly number[]): Dense => {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      data[i * n + j] = s;
    }
  return { rows: n, cols: n, data };
};
/** A⁻¹, column by column with the vocabulary's LU `solve`: an independent reference. */
const inverse = (A: Dense): number[] => {
  const n = A.rows;
  const out = new Array<number>(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const col = solve(A, e);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i];
  }
  return out;
};
const A3 = spd(3, [0.5, -1, 0.2, 1.1, 0.3, -0.7, 0.4, 0.9, 1.5]);

describe('logdetSPD', () => {
  it('passes the rule testers, second order included', () => {
    testFrule(logdetSPD, [A3], { order: 2 });
    testRrule(logdetSPD, [A3], { order: 2 });
    expect(logdetSPD).toMatchFiniteDifferences(A3, reverse());
  });

  it('is log 8 for [[4, 2], [2, 3]], with gradient A⁻¹ = [[3, −2], [−2, 4]] / 8', () => {
    const A = matrix(2, [4, 2, 2, 3]);
    expectClose(logdetSPD(A), Math.log(8), 1e-15);
    for (const b of [forward(), reverse()]) {
      const g = gradient(logdetSPD, b, A);
      [3 / 8, -2 / 8, -2 / 8, 4 / 8].forEach((v, k) => expectClose(g.data[k], v, 1e-15));
    }
  });

  it('does not overflow where det would', () => {
    const big = matrix(3, [1e200, 0, 0, 0, 1e200, 0, 0, 0, 1e200]);
    expectClose(logdetSPD(big), 3 * 200 * Math.LN10, 1e-15);
  });

  it('uses the symmetric part of A only, so finite differences entry by entry agree', () => {
    const lopsided = matrix(2, [4, 3, 1, 3]);
    expect(logdetSPD(lopsided)).toBe(logdetSPD(matrix(2, [4, 2, 2, 3])));
    expect(logdetSPD).toMatchFiniteDifferences(lopsided, reverse());
  });

  it('has the Hessian-vector product −A⁻¹ V A⁻¹ (forward over reverse)', () => {
    const V = matrix(3, [1, 0.5, 0, 0.5, -1, 0.2, 0, 0.2, 2]);
    const Ai = inverse(A3);
    const n = 3;
    const product = hvp(logdetSPD, secondOrder(forward(), reverse()), A3, V);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++)
          for (let l = 0; l < n; l++) s += Ai[i * n + k] * V.data[k * n + l] * Ai[l * n + j];
        expectClose(product.data[i * n + j], -s, 1e-12);
      }
  });

  it('says what is wrong with a matrix that is not positive definite or not square', () => {
    expect(() => logdetSPD(matrix(2, [1, 2, 2, 1]))).toThrow(NotPositiveDefiniteError);
    expect(() => logdetSPD(matrix(2, [1, 2, 2, 1]))).toThrow(
      /logdetSPD: the matrix is not positive definite \(Cholesky pivot 1 is -3\).*use logdet/,
    );
    expect(() => logdetSPD({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(
      ShapeMismatchError,
    );
    expect(() => gradient(logdetSPD, reverse(), matrix(2, [-1, 0, 0, 1]))).toThrow(
      NotPositiveDefiniteError,
    );
  });

  // Against the vocabulary's LU-based logdet and an LU inverse: independent algorithms that agree
  // to rounding on matrices this well conditioned (eigenvalues in [n, n + ‖B‖²]): 1e-12. Both
  // compute det to a relative error, which is an absolute error in its log: near det = 1 the log
  // is near 0, so the bound is absolute there (a random seed found A = 1 + 4e-12, log ≈ 4e-12).
  const expectLogdet = (A: Dense): void => {
    const want = logdet(A) as number;
    const err = Math.abs((logdetSPD(A) as number) - want);
    expect(err, `logdetSPD ${logdetSPD(A)} vs logdet ${want}`).toBeLessThanOrEqual(
      1e-12 * Math.max(1, Math.abs(want)),
    );
  };

  it('is accurate where the log-determinant is near 0 (a counterexample a random seed found)', () => {
    expectLogdet(spd(1, [0.0000019964497691419073]));
  });

  test.prop([
    fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
          minLength: n * n,
          maxLength: n * n,
        }),
      ),
    ),
  ])('equals logdet and has gradient A⁻¹ on random SPD matrices', ([n, b]) => {
    const A = spd(n, b);
    expectLogdet(A);
    const g = gradient(logdetSPD, reverse(), A);
    const Ai = inverse(A);
    for (let k = 0; k < n * n; k++) expect(Math.abs(g.data[k] - Ai[k])).toBeLessThanOrEqual(1e-12);
  });
});
