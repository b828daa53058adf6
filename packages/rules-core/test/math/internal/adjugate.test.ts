import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { cofactorsFromLU, nearlySingular } from '../../../src/math/internal/adjugate.js';
import { luFactor, luFactorGeneric } from '../../../src/math/internal/lu.js';
import { matrix } from '../../helpers/arbitraries.js';

/** The determinant by cofactor expansion along the first row: exact up to rounding, slow. */
function laplace(n: number, a: ArrayLike<number>): number {
  if (n === 0) return 1;
  let d = 0;
  for (let j = 0; j < n; j++)
    d += (j % 2 === 0 ? 1 : -1) * a[j] * laplace(n - 1, minor(n, a, 0, j));
  return d;
}

/** `a` without row `r` and column `c`. */
function minor(n: number, a: ArrayLike<number>, r: number, c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== r && j !== c) out.push(a[i * n + j]);
  return out;
}

describe('cofactorsFromLU', () => {
  test.prop([fc.integer({ min: 1, max: 6 }).chain((n) => matrix(n, n))], { numRuns: 100 })(
    'equals the signed minors (Laplace) of a random matrix',
    (A) => {
      const n = A.rows;
      const f = luFactorGeneric(n, Array.from(A.data));
      if (f.singularAt !== -1) return; // a zero pivot: det's rules use the minors themselves
      const C = cofactorsFromLU(f);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const expected = ((i + j) % 2 === 0 ? 1 : -1) * laplace(n - 1, minor(n, A.data, i, j));
          expect(Math.abs((C[i * n + j] as number) - expected)).toBeLessThanOrEqual(
            1e-10 * (1 + Math.abs(expected)),
          );
        }
      }
    },
  );

  test('is accurate at a 5×5 matrix singular to within 1e-12 (second order: matrix.test.ts)', () => {
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n - 1; i++)
      for (let j = 0; j < n; j++) a[i * n + j] = Math.sin(3 * i + j) + (i === j ? 1 : 0);
    // The last row is the sum of the others, plus 1e-12: its cofactors are those of the sum.
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n - 1; i++) s += a[i * n + j];
      a[(n - 1) * n + j] = s + (j === 2 ? 1e-12 : 0);
    }
    const f = luFactor(n, a);
    expect(nearlySingular(f, 1e-3)).toBe(true);
    const C = cofactorsFromLU(luFactorGeneric(n, Array.from(a)));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const expected = ((i + j) % 2 === 0 ? 1 : -1) * laplace(n - 1, minor(n, a, i, j));
        expect(Math.abs((C[i * n + j] as number) - expected)).toBeLessThanOrEqual(
          1e-9 * (1 + Math.abs(expected)),
        );
      }
    }
  });
});
