import type { Matrix, Real } from '../../active.js';
import { differentiable, type DifferentiableFunction } from '../../differentiable.js';
import { zeroTangent, type AbstractZero } from '../../tangent.js';
import type { MatrixTangent } from '../signatures.js';
import { collect, isIndexable, isPassiveArray } from '../internal/arrays.js';
import { checkMatrix, matrix, tangentData } from '../internal/matrix.js';
import { multilinear, withTangentRule } from '../tangent-rules.js';

/** `transpose`'s signature: `Float64Array` entries for a passive matrix. */
export interface Transpose {
  (A: Matrix<Float64Array | number[]>): Matrix<Float64Array>;
  (A: Matrix): Matrix;
  /** A tangent: a structural zero gives itself back, a thunk is unthunked. */
  (A: MatrixTangent): Matrix | AbstractZero;
}

/** `Aᵀ`: an `n × m` matrix for an `m × n` one. */
export const transpose: DifferentiableFunction<Transpose> = differentiable(
  function transpose(A: Matrix): Matrix {
    const { rows: m, cols: n, data } = checkMatrix('transpose', A);
    if (isPassiveArray(data)) {
      const out = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = data[i * n + j];
      return matrix(n, m, out);
    }
    if (!isIndexable(data)) {
      throw new TypeError(
        'transpose: an active array reached a passive body; this is an engine bug.',
      );
    }
    const out: Real[] = new Array<Real>(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = data[i * n + j];
    return matrix(n, m, collect(out));
  },
  {
    frule: ([A], [dA]) => {
      const t = tangentData(dA);
      return [transpose(A), t === undefined ? zeroTangent : transpose(matrix(A.rows, A.cols, t))];
    },
    rrule: ([A]) => [
      transpose(A),
      (dY) => {
        const u = tangentData(dY);
        return [u === undefined ? zeroTangent : transpose(matrix(A.cols, A.rows, u))];
      },
    ],
  },
) as DifferentiableFunction<Transpose>;

// Linear in each argument: a structural zero anywhere is the result (ChainRules' tangent arithmetic).
withTangentRule(multilinear, transpose);
