import type { Matrix, Real, RealArray } from '../../active.js';
import { differentiable, type DifferentiableFunction } from '../../differentiable.js';
import { zeroTangent, type AbstractZero, type ArrayTangent } from '../../tangent.js';
import type { MatrixTangent } from '../signatures.js';
import { add } from '../arithmetic.js';
import { dot } from '../dot.js';
import { ShapeMismatchError } from '../errors.js';
import { collect, isPassiveArray, lengthOf, nonZero } from '../internal/arrays.js';
import { checkMatrix, matrix, outer, tangentData } from '../internal/matrix.js';
import { slice } from '../slicing.js';
import { transpose } from './transpose.js';
import { multilinear, withTangentRule } from '../tangent-rules.js';

/** `matvec`'s signature: a `Float64Array` for passive input. */
export interface Matvec {
  (A: Matrix<Float64Array | number[]>, x: Float64Array | readonly number[]): Float64Array;
  (A: Matrix, x: RealArray): RealArray;
  /** Tangents: a structural zero in either gives that zero, a thunk is unthunked. */
  (A: MatrixTangent, x: ArrayTangent): RealArray | AbstractZero;
}

/** The matrix-vector product `A x` (`A` is m × n, `x` has length n, the result length m). */
export const matvec: DifferentiableFunction<Matvec> = differentiable(
  function matvec(A: Matrix, x: RealArray): RealArray {
    const { rows: m, cols: n, data } = checkMatrix('matvec', A);
    const len = lengthOf('matvec', x, 'x');
    if (len !== n) {
      throw new ShapeMismatchError(
        `matvec: A is ${m}×${n}, so x must have length ${n}; got length ${len}.`,
      );
    }
    if (isPassiveArray(data) && isPassiveArray(x)) {
      const y = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += data[i * n + j] * x[j];
        y[i] = s;
      }
      return y;
    }
    const y: Real[] = new Array<Real>(m);
    for (let i = 0; i < m; i++) y[i] = dot(slice(data, i * n, (i + 1) * n), x);
    return collect(y);
  },
  {
    frule: ([A, x], [dA, dx]) => {
      const y = matvec(A, x);
      const tA = tangentData(dA);
      const tx = nonZero<RealArray>(dx);
      const a = tA === undefined ? undefined : matvec(matrix(A.rows, A.cols, tA), x);
      const b = tx === undefined ? undefined : matvec(A, tx);
      const t = a === undefined ? b : b === undefined ? a : add(a, b);
      return [y, t === undefined ? zeroTangent : t];
    },
    rrule: ([A, x]) => [
      matvec(A, x),
      (dy) => {
        const u = nonZero<RealArray>(dy);
        if (u === undefined) return [zeroTangent, zeroTangent];
        return [matrix(A.rows, A.cols, outer(u, x)), matvec(transpose(A), u)];
      },
    ],
  },
) as DifferentiableFunction<Matvec>;

// Linear in each argument: a structural zero anywhere is the result (ChainRules' tangent arithmetic).
withTangentRule(multilinear, matvec);
