import type { Matrix, RealArray } from '../../active.js';
import { differentiable, type DifferentiableFunction } from '../../differentiable.js';
import { zeroTangent } from '../../tangent.js';
import { neg, sub } from '../arithmetic.js';
import { ShapeMismatchError } from '../errors.js';
import { collect, isIndexable, isPassiveArray, lengthOf, nonZero } from '../internal/arrays.js';
import {
  luFactor,
  luFactorGeneric,
  luSolve,
  luSolveGeneric,
  luSolveTransposed,
  type LU,
} from '../internal/lu.js';
import { concat } from '../slicing.js';
import { transpose } from './transpose.js';
import {
  checkMatrix,
  checkSquare,
  isPassiveMatrix,
  matrix,
  outer,
  tangentData,
} from '../internal/matrix.js';
import { matvec } from './matvec.js';

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

// The solver is here, not in a module of its own, because it and `solve` call each other: its
// rules solve through the public `solve` so that they stay differentiable.
/**
 * Solves with `A` and `Aᵀ` inside a rule. A passive `A` is factorised once and reused for every
 * passive right-hand side; anything else goes through the public `solve`, which dispatches at
 * lower levels, so the rules stay differentiable.
 */
export interface Solver {
  /** `A⁻¹ b`. */
  solve(b: RealArray): RealArray;
  /** `A⁻ᵀ b`. */
  solveTransposed(b: RealArray): RealArray;
  /** The entries of `A⁻ᵀ`, row-major (row `j` is `A⁻¹ eⱼ`). */
  inverseTransposed(): RealArray;
}

/** A solver for the square matrix `A`, for the function named `fname`. */
export function solver(fname: string, A: Matrix): Solver {
  const n = A.rows;
  let f: LU<number> | undefined;
  const factor = (): LU<number> | undefined =>
    isPassiveMatrix(A) ? (f ??= luFactor(n, A.data)) : undefined;
  const self: Solver = {
    solve(b) {
      const lu = factor();
      return lu !== undefined && isPassiveArray(b) ? luSolve(fname, lu, b) : solve(A, b);
    },
    solveTransposed(b) {
      const lu = factor();
      return lu !== undefined && isPassiveArray(b)
        ? luSolveTransposed(fname, lu, b)
        : solve(transpose(A), b);
    },
    inverseTransposed() {
      const columns: RealArray[] = [];
      for (let j = 0; j < n; j++) {
        const e = new Float64Array(n);
        e[j] = 1;
        columns.push(self.solve(e));
      }
      return columns.length === 0 ? new Float64Array(0) : concat(...columns);
    },
  };
  return self;
}
