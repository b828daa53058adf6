import { primal, type Matrix, type Real, type RealArray } from '../../active.js';
import { differentiable, type DifferentiableFunction } from '../../differentiable.js';
import { zeroTangent } from '../../tangent.js';
import { mul, sum } from '../arithmetic.js';
import { dot } from '../dot.js';
import { abs, log } from '../elementary.js';
import { at } from '../indexing.js';
import { collect, isIndexable, isPassiveArray, nonZero } from '../internal/arrays.js';
import { cofactorsFromLU, nearlySingular } from '../internal/adjugate.js';
import { luFactor, luFactorGeneric, pivots } from '../internal/lu.js';
import { checkMatrix, checkSquare, matrix, tangentData } from '../internal/matrix.js';
import { solver } from './solve.js';

/** A function of a matrix with a scalar value: a plain number for a passive matrix. */
export interface MatrixReduction {
  (A: Matrix<Float64Array | number[]>): number;
  (A: Matrix): Real;
}

/**
 * Up to this size the minors are computed directly: they cost little and are polynomials in
 * the entries, so their own derivatives (a rule differentiated again) stay accurate near a
 * singular matrix, where the two large terms of the derivative of `det(A) A⁻ᵀ` cancel.
 */
const MINORS_UP_TO = 3;

/**
 * Above this size a matrix whose smallest LU pivot is below this fraction of its largest gets
 * its cofactors from the factors directly (`cofactorsFromLU`), not as `det(A)·A⁻ᵀ`.
 */
const NEAR_SINGULAR = 1e-3;

/**
 * The cofactor matrix `C` (`Cᵢⱼ = (−1)^{i+j} det(A without row i and column j)`), the gradient
 * of `det`. For a larger regular `A` it is `det(A) A⁻ᵀ`, or, near a singular `A`, computed from
 * the LU factors without `A⁻¹`; at a singular `A` (where `A⁻¹` does not exist but `det` is
 * still differentiable) it is computed from the minors.
 */
function cofactors(A: Matrix, d: Real): RealArray {
  const n = A.rows;
  if (n > MINORS_UP_TO && primal(d) !== 0) {
    const entries = Array.from({ length: n * n }, (_, k) => at(A.data, k));
    // Decided on the primal matrix, so a regular one records no factorisation it will not use.
    const values = entries.map((e) => primal(e) as number);
    const passive = luFactor(n, values);
    if (!nearlySingular(passive, NEAR_SINGULAR)) {
      return mul(d, solver('det', A).inverseTransposed());
    }
    // On plain numbers (first order) the primal factorisation is the one to use.
    const f = isPassiveArray(entries) ? passive : luFactorGeneric(n, entries);
    return collect(cofactorsFromLU(f));
  }
  const out: Real[] = new Array<Real>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const minor: Real[] = [];
      for (let r = 0; r < n; r++) {
        if (r === i) continue;
        for (let c = 0; c < n; c++) if (c !== j) minor.push(at(A.data, r * n + c));
      }
      const m = det(matrix(n - 1, n - 1, collect(minor)));
      out[i * n + j] = (i + j) % 2 === 0 ? m : mul(-1, m);
    }
  }
  return collect(out);
}

/** The determinant, by LU factorisation (0 for a singular matrix, 1 for a 0 × 0 one). */
export const det: DifferentiableFunction<MatrixReduction> = differentiable(
  function det(A: Matrix): Real {
    const n = checkSquare('det', checkMatrix('det', A));
    if (isPassiveArray(A.data)) {
      const f = luFactor(n, A.data);
      let d: number = f.sign;
      for (const p of pivots(f)) d *= p;
      return d;
    }
    if (!isIndexable(A.data)) {
      throw new TypeError('det: an active array reached a passive body; this is an engine bug.');
    }
    const f = luFactorGeneric(n, A.data);
    let d: Real = f.sign;
    for (const p of pivots(f)) d = mul(d, p);
    return d;
  },
  {
    // d det = tr(C̃ dA) = ⟨C, dA⟩ with C the cofactor matrix (Jacobi's formula).
    frule: ([A], [dA]) => {
      const d = det(A);
      const t = tangentData(dA);
      return [d, t === undefined ? zeroTangent : dot(cofactors(A, d), t)];
    },
    rrule: ([A]) => {
      const d = det(A);
      return [
        d,
        (dy) => {
          const u = nonZero<Real>(dy);
          return [u === undefined ? zeroTangent : matrix(A.rows, A.cols, mul(u, cofactors(A, d)))];
        },
      ];
    },
  },
) as DifferentiableFunction<MatrixReduction>;

/**
 * `log |det A|`, summed from the LU pivots so that it neither overflows nor underflows where
 * `det` would. The sign of the determinant is dropped (Julia's `logabsdet`); a singular matrix
 * gives `-Infinity`, and its derivative `A⁻ᵀ` does not exist there (the rules throw
 * `SingularMatrixError`).
 */
export const logdet: DifferentiableFunction<MatrixReduction> = differentiable(
  function logdet(A: Matrix): Real {
    const n = checkSquare('logdet', checkMatrix('logdet', A));
    if (isPassiveArray(A.data)) {
      let s = 0;
      for (const p of pivots(luFactor(n, A.data))) s += Math.log(Math.abs(p));
      return s;
    }
    if (!isIndexable(A.data)) {
      throw new TypeError('logdet: an active array reached a passive body; this is an engine bug.');
    }
    return sum(log(abs(pivots(luFactorGeneric(n, A.data)))));
  },
  {
    frule: ([A], [dA]) => {
      const t = tangentData(dA);
      return [
        logdet(A),
        t === undefined ? zeroTangent : dot(solver('logdet', A).inverseTransposed(), t),
      ];
    },
    rrule: ([A]) => [
      logdet(A),
      (dy) => {
        const u = nonZero<Real>(dy);
        return [
          u === undefined
            ? zeroTangent
            : matrix(A.rows, A.cols, mul(u, solver('logdet', A).inverseTransposed())),
        ];
      },
    ],
  },
) as DifferentiableFunction<MatrixReduction>;
