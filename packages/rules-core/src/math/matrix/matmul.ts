import type { Matrix, Real } from '../../active.js';
import { differentiable, type DifferentiableFunction } from '../../differentiable.js';
import { zeroTangent, type AbstractZero } from '../../tangent.js';
import type { MatrixTangent } from '../signatures.js';
import { add } from '../arithmetic.js';
import { dot } from '../dot.js';
import { ShapeMismatchError } from '../errors.js';
import { collect, isPassiveArray } from '../internal/arrays.js';
import { checkMatrix, matrix, tangentData } from '../internal/matrix.js';
import { slice } from '../slicing.js';
import { transpose } from './transpose.js';
import { multilinear, withTangentRule } from '../tangent-rules.js';

/** `matmul`'s signature: `Float64Array` entries for passive input. */
export interface Matmul {
  (A: Matrix<Float64Array | number[]>, B: Matrix<Float64Array | number[]>): Matrix<Float64Array>;
  (A: Matrix, B: Matrix): Matrix;
  /** Tangents: a structural zero in either gives that zero, a thunk is unthunked. */
  (A: MatrixTangent, B: MatrixTangent): Matrix | AbstractZero;
}

/** The matrix product `A B` (`A` is m × k, `B` is k × n, the result m × n). */
export const matmul: DifferentiableFunction<Matmul> = differentiable(
  function matmul(A: Matrix, B: Matrix): Matrix {
    const { rows: m, cols: k, data: a } = checkMatrix('matmul', A, 'A');
    const { rows: kb, cols: n, data: b } = checkMatrix('matmul', B, 'B');
    if (k !== kb) {
      throw new ShapeMismatchError(
        `matmul: A is ${m}×${k} and B is ${kb}×${n}; expected B to have ${k} rows.`,
      );
    }
    if (isPassiveArray(a) && isPassiveArray(b)) {
      const c = new Float64Array(m * n);
      // i-p-j order walks B and C along rows.
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const aip = a[i * k + p];
          for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
        }
      }
      return matrix(m, n, c);
    }
    const bt = transpose(B).data;
    const c: Real[] = new Array<Real>(m * n);
    for (let i = 0; i < m; i++) {
      const row = slice(a, i * k, (i + 1) * k);
      for (let j = 0; j < n; j++) c[i * n + j] = dot(row, slice(bt, j * k, (j + 1) * k));
    }
    return matrix(m, n, collect(c));
  },
  {
    frule: ([A, B], [dA, dB]) => {
      const C = matmul(A, B);
      const tA = tangentData(dA);
      const tB = tangentData(dB);
      const x = tA === undefined ? undefined : matmul(matrix(A.rows, A.cols, tA), B).data;
      const y = tB === undefined ? undefined : matmul(A, matrix(B.rows, B.cols, tB)).data;
      const t = x === undefined ? y : y === undefined ? x : add(x, y);
      return [C, t === undefined ? zeroTangent : matrix(C.rows, C.cols, t)];
    },
    rrule: ([A, B]) => [
      matmul(A, B),
      (dC) => {
        const u = tangentData(dC);
        if (u === undefined) return [zeroTangent, zeroTangent];
        const U = matrix(A.rows, B.cols, u);
        return [matmul(U, transpose(B)), matmul(transpose(A), U)];
      },
    ],
  },
) as DifferentiableFunction<Matmul>;

// Linear in each argument: a structural zero anywhere is the result (ChainRules' tangent arithmetic).
withTangentRule(multilinear, matmul);
