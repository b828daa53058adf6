import { primal, type Matrix, type Real, type RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  div,
  mul,
  neg,
  setAt,
  ShapeMismatchError,
  sqrt,
  sub,
  zerosLike,
} from '@pullback/rules-core/math';
import { NotPositiveDefiniteError } from './not-positive-definite-error.js';

/**
 * Checks that `A` is a square matrix `{ rows, cols, data }` and returns its size; `caller` names
 * the public function in the message.
 */
export function squareSize(caller: string, A: Matrix): number {
  if (
    A === null ||
    typeof A !== 'object' ||
    !Number.isInteger(A.rows) ||
    !Number.isInteger(A.cols) ||
    A.data?.length !== A.rows * A.cols
  ) {
    throw new ShapeMismatchError(
      `${caller}: expected a matrix { rows, cols, data } with rows × cols entries in data (row-major).`,
    );
  }
  if (A.rows !== A.cols) {
    throw new ShapeMismatchError(`${caller}: the matrix must be square, got ${A.rows}×${A.cols}.`);
  }
  return A.rows;
}

/**
 * The lower Cholesky factor `L` (row-major, zeros above the diagonal) of the symmetric part
 * (A + Aᵀ)/2 of `A`, so that L Lᵀ = (A + Aᵀ)/2. Written with the vocabulary, so it runs on plain
 * numbers and on active values alike (rules call it one level down). Throws
 * `NotPositiveDefiniteError` when a pivot is not positive.
 */
export function cholesky(caller: string, A: Matrix): RealArray {
  const n = squareSize(caller, A);
  const a = A.data;
  const sym = (i: number, j: number): Real =>
    i === j ? at(a, i * n + i) : mul(0.5, add(at(a, i * n + j), at(a, j * n + i)));
  const L = zerosLike(a);
  for (let j = 0; j < n; j++) {
    let d = sym(j, j);
    for (let k = 0; k < j; k++) d = sub(d, mul(at(L, j * n + k), at(L, j * n + k)));
    const pivot = primal(d);
    if (!(pivot > 0)) {
      throw new NotPositiveDefiniteError(
        `${caller}: the matrix is not positive definite (Cholesky pivot ${j} is ${pivot}). ` +
          `${caller} needs a symmetric positive definite matrix; for any nonsingular matrix use ` +
          'logdet from @pullback/rules-core/math (log |det A|, by LU).',
      );
    }
    const ljj = sqrt(d);
    setAt(L, j * n + j, ljj);
    for (let i = j + 1; i < n; i++) {
      let s = sym(i, j);
      for (let k = 0; k < j; k++) s = sub(s, mul(at(L, i * n + k), at(L, j * n + k)));
      setAt(L, i * n + j, div(s, ljj));
    }
  }
  return L;
}

/**
 * (L Lᵀ)⁻¹ from a lower Cholesky factor: X = L⁻¹ by forward substitution, then Xᵀ X. Symmetric,
 * row-major; with the vocabulary, like `cholesky`.
 */
export function inverseFromCholesky(L: RealArray, n: number): RealArray {
  const X = zerosLike(L);
  for (let j = 0; j < n; j++) {
    setAt(X, j * n + j, div(1, at(L, j * n + j)));
    for (let i = j + 1; i < n; i++) {
      let s: Real = 0;
      for (let k = j; k < i; k++) s = add(s, mul(at(L, i * n + k), at(X, k * n + j)));
      setAt(X, i * n + j, neg(div(s, at(L, i * n + i))));
    }
  }
  const inverse = zerosLike(L);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s: Real = 0;
      for (let k = i; k < n; k++) s = add(s, mul(at(X, k * n + i), at(X, k * n + j)));
      setAt(inverse, i * n + j, s);
      if (j !== i) setAt(inverse, j * n + i, s);
    }
  }
  return inverse;
}
