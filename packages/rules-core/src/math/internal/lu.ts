import { primal, type Real } from '../../active.js';
import { div, mul, sub } from '../arithmetic.js';
import { SingularMatrixError } from '../errors.js';

/**
 * LU factorisation with partial pivoting, `P A = L U` (L unit lower triangular, stored below the
 * diagonal of `lu`; U on and above it). Two versions: on `Float64Array`s for passive matrices,
 * and with the vocabulary for matrices holding active values (pivots chosen on primals, which
 * is what makes the factorisation piecewise differentiable).
 */
export interface LU<T extends Real> {
  readonly n: number;
  /** L and U, row-major. */
  readonly lu: T[] | Float64Array;
  /** Row `i` of `P A` is row `perm[i]` of `A`. */
  readonly perm: Int32Array;
  /** The sign of the permutation. */
  readonly sign: 1 | -1;
  /** The first column without a nonzero pivot, or -1. */
  readonly singularAt: number;
}

function swapRows<T>(a: { [i: number]: T }, n: number, p: number, k: number): void {
  for (let j = 0; j < n; j++) {
    const t = a[p * n + j];
    a[p * n + j] = a[k * n + j];
    a[k * n + j] = t;
  }
}

/** Factorises the passive `n × n` matrix `data`. */
export function luFactor(n: number, data: ArrayLike<number>): LU<number> {
  const a = Float64Array.from(data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign: 1 | -1 = 1;
  let singularAt = -1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0 || Number.isNaN(best)) {
      if (singularAt === -1) singularAt = k;
      continue;
    }
    if (p !== k) {
      swapRows(a, n, p, k);
      const t = perm[p];
      perm[p] = perm[k];
      perm[k] = t;
      sign = -sign as 1 | -1;
    }
    const pivot = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = a[i * n + k] / pivot;
      a[i * n + k] = l;
      if (l !== 0) for (let j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
    }
  }
  return { n, lu: a, perm, sign, singularAt };
}

/** Factorises an `n × n` matrix holding active values, with the vocabulary. */
export function luFactorGeneric(n: number, data: ArrayLike<Real>): LU<Real> {
  const a: Real[] = Array.from(data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign: 1 | -1 = 1;
  let singularAt = -1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(primal(a[k * n + k]));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(primal(a[i * n + k]));
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0 || Number.isNaN(best)) {
      if (singularAt === -1) singularAt = k;
      continue;
    }
    if (p !== k) {
      swapRows(a, n, p, k);
      const t = perm[p];
      perm[p] = perm[k];
      perm[k] = t;
      sign = -sign as 1 | -1;
    }
    const pivot = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = div(a[i * n + k], pivot);
      a[i * n + k] = l;
      for (let j = k + 1; j < n; j++) a[i * n + j] = sub(a[i * n + j], mul(l, a[k * n + j]));
    }
  }
  return { n, lu: a, perm, sign, singularAt };
}

function assertRegular(fname: string, f: LU<Real>): void {
  if (f.singularAt !== -1) {
    throw new SingularMatrixError(
      `${fname}: the ${f.n}×${f.n} matrix is singular (no nonzero pivot in column ${f.singularAt}), ` +
        'so the system has no unique solution.',
    );
  }
}

/** Solves `A x = b` with a passive factorisation and a passive `b`. */
export function luSolve(fname: string, f: LU<number>, b: ArrayLike<number>): Float64Array {
  assertRegular(fname, f);
  const { n, lu, perm } = f;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}

/** Solves `Aᵀ x = b` with a passive factorisation of `A` and a passive `b`. */
export function luSolveTransposed(
  fname: string,
  f: LU<number>,
  b: ArrayLike<number>,
): Float64Array {
  assertRegular(fname, f);
  const { n, lu, perm } = f;
  // Aᵀ = Uᵀ Lᵀ P: solve Uᵀ z = b, then Lᵀ w = z, then x = Pᵀ w.
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= lu[j * n + i] * w[j];
    w[i] = s / lu[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = w[i];
    for (let j = i + 1; j < n; j++) s -= lu[j * n + i] * w[j];
    w[i] = s;
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[perm[i]] = w[i];
  return x;
}

/** Solves `A x = b` with the vocabulary (a factorisation or right-hand side holding active values). */
export function luSolveGeneric(fname: string, f: LU<Real>, b: ArrayLike<Real>): Real[] {
  assertRegular(fname, f);
  const { n, lu, perm } = f;
  const x: Real[] = new Array<Real>(n);
  for (let i = 0; i < n; i++) {
    let s: Real = b[perm[i]];
    for (let j = 0; j < i; j++) s = sub(s, mul(lu[i * n + j], x[j]));
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s: Real = x[i];
    for (let j = i + 1; j < n; j++) s = sub(s, mul(lu[i * n + j], x[j]));
    x[i] = div(s, lu[i * n + i]);
  }
  return x;
}

/** The pivots `U[k][k]` (zero where the matrix is singular). */
export function pivots<T extends Real>(f: LU<T>): T[] {
  const out: T[] = [];
  for (let k = 0; k < f.n; k++) out.push(f.lu[k * f.n + k] as T);
  return out;
}
