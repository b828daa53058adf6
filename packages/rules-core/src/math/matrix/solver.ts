import type { Matrix, RealArray } from '../../active.js';
import { isPassiveArray } from '../internal/arrays.js';
import { luFactor, luSolve, luSolveTransposed, type LU } from '../internal/lu.js';
import { isPassiveMatrix } from '../internal/matrix.js';
import { concat } from '../slicing.js';
import { solve } from './solve.js';
import { transpose } from './transpose.js';

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
