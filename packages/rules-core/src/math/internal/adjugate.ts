import { primal, type Real } from '../../active.js';
import { add, div, mul, neg } from '../arithmetic.js';
import type { LU } from './lu.js';

/**
 * The cofactor matrix `C = det(A)·A⁻ᵀ` of a regular matrix from its LU factors, without forming
 * `A⁻¹`. Near a singular matrix `A⁻¹` is huge and `det(A)` tiny, and the derivative of their
 * product (a rule differentiated again) cancels terms of size 1/pivot. Here no step divides a
 * quantity by the tiny pivot that does not carry it as a factor:
 *
 * - `PA = LU` gives `adj(A) = adj(U)·L⁻¹·sign·P` (`adj(XY) = adj(Y)·adj(X)`, `adj(L) = L⁻¹`);
 * - column `j` of `adj(U) = det(U)·U⁻¹` solves `U x = det(U) eⱼ` by back substitution
 *   starting from `xⱼ = ∏_{k≠j} uₖₖ`, a product; every later `xᵢ` is a sum of terms that all
 *   carry `uᵢᵢ`, which the division by `uᵢᵢ` then removes.
 *
 * Written with the vocabulary, so it differentiates again.
 */
export function cofactorsFromLU(f: LU<Real>): Real[] {
  const { n, lu, perm, sign } = f;
  const u = (i: number, j: number): Real => lu[i * n + j];
  // adj(U), upper triangular, row-major.
  const adjU: Real[] = new Array<Real>(n * n).fill(0);
  for (let j = 0; j < n; j++) {
    let d: Real = 1;
    for (let k = 0; k < n; k++) if (k !== j) d = mul(d, u(k, k));
    adjU[j * n + j] = d;
    for (let i = j - 1; i >= 0; i--) {
      let s: Real = 0;
      for (let k = i + 1; k <= j; k++) s = add(s, mul(u(i, k), adjU[k * n + j]));
      adjU[i * n + j] = neg(div(s, u(i, i)));
    }
  }
  // L⁻¹, unit lower triangular (L's multipliers sit below the diagonal of `lu`).
  const Linv: Real[] = new Array<Real>(n * n).fill(0);
  for (let j = 0; j < n; j++) {
    Linv[j * n + j] = 1;
    for (let i = j + 1; i < n; i++) {
      let s: Real = 0;
      for (let k = j; k < i; k++) s = add(s, mul(lu[i * n + k], Linv[k * n + j]));
      Linv[i * n + j] = neg(s);
    }
  }
  // C = adj(A)ᵀ with adj(A) = sign·(adj(U)·L⁻¹)·P: row perm[i] of C is sign times column i
  // of adj(U)·L⁻¹.
  const C: Real[] = new Array<Real>(n * n);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) {
      let s: Real = 0;
      for (let k = Math.max(r, i); k < n; k++) s = add(s, mul(adjU[r * n + k], Linv[k * n + i]));
      C[perm[i] * n + r] = sign === 1 ? s : neg(s);
    }
  }
  return C;
}

/**
 * True when the smallest pivot is below `ratio` times the largest: the matrix is then near
 * enough to singular for `det(A)·A⁻ᵀ` to lose accuracy when differentiated again.
 */
export function nearlySingular(f: LU<Real>, ratio: number): boolean {
  let smallest = Infinity;
  let largest = 0;
  for (let k = 0; k < f.n; k++) {
    const p = Math.abs(primal(f.lu[k * f.n + k]) as number);
    smallest = Math.min(smallest, p);
    largest = Math.max(largest, p);
  }
  return smallest < ratio * largest;
}
