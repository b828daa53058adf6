import type { Matrix, Real, RealArray } from '../../active.js';
import { describe } from '../../differentiable.js';
import { isAbstractZero, unthunk } from '../../tangent.js';
import { mul } from '../arithmetic.js';
import { ShapeMismatchError } from '../errors.js';
import { at } from '../indexing.js';
import { concat } from '../slicing.js';
import { isPassiveArray, lengthOf } from './arrays.js';

/** Checks that `A` is a `{ rows, cols, data }` matrix with `rows · cols` entries. */
export function checkMatrix(fname: string, A: unknown, name = 'A'): Matrix {
  const m = A as Partial<Matrix> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    (m.rows as number) < 0 ||
    (m.cols as number) < 0
  ) {
    throw new TypeError(
      `${fname}: expected ${name} to be a matrix { rows, cols, data } (row-major), got ${describe(A)}.`,
    );
  }
  const n = lengthOf(fname, m.data, `${name}.data`);
  if (n !== (m.rows as number) * (m.cols as number)) {
    throw new ShapeMismatchError(
      `${fname}: ${name} is ${m.rows}×${m.cols} but ${name}.data has ${n} entries; expected ${(m.rows as number) * (m.cols as number)}.`,
    );
  }
  return m as Matrix;
}

/** Checks that `A` is square. */
export function checkSquare(fname: string, A: Matrix): number {
  if (A.rows !== A.cols) {
    throw new ShapeMismatchError(`${fname}: expected a square matrix, got ${A.rows}×${A.cols}.`);
  }
  return A.rows;
}

/** The entries of a matrix tangent or cotangent, or `undefined` for a strong zero. */
export function tangentData(t: unknown): RealArray | undefined {
  const u = unthunk(t);
  if (isAbstractZero(u)) return undefined;
  const data = unthunk((u as { data?: unknown }).data);
  return isAbstractZero(data) ? undefined : (data as RealArray);
}

/** A matrix (or matrix tangent) from its shape and entries. */
export function matrix<T extends RealArray>(rows: number, cols: number, data: T): Matrix<T> {
  return { rows, cols, data };
}

/** The entries of the outer product `u vᵀ` (`u` of length m, `v` of length n), row-major. */
export function outer(u: RealArray, v: RealArray): RealArray {
  const m = u.length;
  const n = v.length;
  if (isPassiveArray(u) && isPassiveArray(v)) {
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = u[i] * v[j];
    return out;
  }
  const rows: RealArray[] = [];
  for (let i = 0; i < m; i++) rows.push(mul(at(u, i) as Real, v));
  return concat(...rows);
}

/** True when the entries of `A` are all plain numbers. */
export function isPassiveMatrix(A: Matrix): A is Matrix<Float64Array | number[]> {
  return isPassiveArray(A.data);
}
