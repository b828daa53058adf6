import type { Matrix, RealArray } from '../../active.js';
import { differentiable, type DifferentiableFunction } from '../../differentiable.js';
import { zeroTangent } from '../../tangent.js';
import { neg, sub } from '../arithmetic.js';
import { ShapeMismatchError } from '../errors.js';
import { collect, isIndexable, isPassiveArray, lengthOf, nonZero } from '../internal/arrays.js';
import { luFactor, luFactorGeneric, luSolve, luSolveGeneric } from '../internal/lu.js';
import { checkMatrix, checkSquare, matrix, outer, tangentData } from '../internal/matrix.js';
import { matvec } from './matvec.js';
import { solver } from './solver.js';

/** `solve`'s signature: a `Float64Array` for passive input. */
export interface Solve {
  (A: Matrix<Float64Array | number[]>, b: Float64Array | readonly number[]): Float64Array;
  (A: Matrix, b: RealArray): RealArray;
}

/**
 * The solution `x` of `A x = b` for a square `A` and a vector `b`, by LU factorisation with
 * partial pivoting. Throws `SingularMatrixError` when `A` is singular. Derivatives:
 * `dx = A⁻¹ (db − dA x)`; pullback `λ = A⁻ᵀ x̄`, `b̄ = λ`, `Ā = −λ xᵀ`.
 */
export const solve: DifferentiableFunction<Solve> = differentiable(
  function solve(A: Matrix, b: RealArray): RealArray {
    const n = checkSquare('solve', checkMatrix('solve', A));
    const len = lengthOf('solve', b, 'b');
    if (len !== n) {
      throw new ShapeMismatchError(
        `solve: A is ${n}×${n}, so b must have length ${n}; got ${len}.`,
      );
    }
    if (isPassiveArray(A.data) && isPassiveArray(b))
      return luSolve('solve', luFactor(n, A.data), b);
    if (!isIndexable(A.data) || !isIndexable(b)) {
      throw new TypeError('solve: an active array reached a passive body; this is an engine bug.');
    }
    return collect(luSolveGeneric('solve', luFactorGeneric(n, A.data), b));
  },
  {
    frule: ([A, b], [dA, db]) => {
      const s = solver('solve', A);
      const x = s.solve(b);
      const tA = tangentData(dA);
      const tb = nonZero<RealArray>(db);
      if (tA === undefined && tb === undefined) return [x, zeroTangent];
      const dAx = tA === undefined ? undefined : matvec(matrix(A.rows, A.cols, tA), x);
      const rhs =
        dAx === undefined ? (tb as RealArray) : tb === undefined ? neg(dAx) : sub(tb, dAx);
      return [x, s.solve(rhs)];
    },
    rrule: ([A, b]) => {
      const s = solver('solve', A);
      const x = s.solve(b);
      return [
        x,
        (dx) => {
          const u = nonZero<RealArray>(dx);
          if (u === undefined) return [zeroTangent, zeroTangent];
          const lambda = s.solveTransposed(u);
          return [matrix(A.rows, A.cols, neg(outer(lambda, x))), lambda];
        },
      ];
    },
  },
) as DifferentiableFunction<Solve>;
