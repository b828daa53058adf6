import { primalDeep } from '../tree/primal-deep.js';
import { pathsOf, structureOf, type Structure } from '../tree/structure.js';

/**
 * Labels of a matrix result's rows and columns: the flattened paths of `f(x)` (rows; of `x` for
 * a Hessian) and of `x` (columns), such as `'mu'` and `'w[2]'` (`''` for a lone number, `'[2]'`
 * for an element of an array). Every Jacobian and Hessian, dense or sparse, carries them as
 * non-enumerable properties, so spreading, `Object.keys` and deep equality see the matrix as
 * before.
 */
export interface MatrixPaths {
  /** The path of each row's component. */
  readonly rowPaths: readonly string[];
  /** The path of each column's component of `x`. */
  readonly colPaths: readonly string[];
}

/** Attaches `rowPaths` and `colPaths` to `m` as non-enumerable, read-only properties. */
export function withPaths<M extends object>(
  m: M,
  rowPaths: readonly string[],
  colPaths: readonly string[],
): M & MatrixPaths {
  Object.defineProperty(m, 'rowPaths', {
    value: Object.freeze(rowPaths.slice()),
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(m, 'colPaths', {
    value: Object.freeze(colPaths.slice()),
    enumerable: false,
    configurable: true,
  });
  return m as M & MatrixPaths;
}

/** A Jacobian of `f` at `x` labelled: rows by `f(x)` = `y`, columns by `x`. */
export function labelJacobian<M extends object>(m: M, y: unknown, x: unknown): M & MatrixPaths {
  return withPaths(m, pathsOf(structureOf(primalDeep(y), 'f(x)')), pathsOf(structureOf(x)));
}

/** A Hessian at `x` labelled: rows and columns by `x`. */
export function labelHessian<M extends object>(m: M, x: unknown): M & MatrixPaths {
  const paths = pathsOf(structureOf(x));
  return withPaths(m, paths, paths);
}

/**
 * The labels of a prepared operator's matrices, computed once and shared by every result (they
 * are frozen, so no result can change another's): columns by `x`'s structure, rows by the
 * output's (found again only when a retrace gives the output another structure object).
 */
export class MatrixLabels {
  private readonly cols: readonly string[];
  private rowsOf: Structure | undefined;
  private rows: readonly string[] = [];

  constructor(xs: Structure) {
    this.cols = Object.freeze(pathsOf(xs));
  }

  /** `m` labelled as a Jacobian whose output has structure `out`. */
  jacobian<M extends object>(m: M, out: Structure): M & MatrixPaths {
    if (out !== this.rowsOf) {
      this.rows = Object.freeze(pathsOf(out));
      this.rowsOf = out;
    }
    return shared(m, this.rows, this.cols);
  }

  /** `m` labelled as a Hessian. */
  hessian<M extends object>(m: M): M & MatrixPaths {
    return shared(m, this.cols, this.cols);
  }
}

/** `withPaths` with label arrays that are already frozen, shared rather than copied. */
function shared<M extends object>(
  m: M,
  rowPaths: readonly string[],
  colPaths: readonly string[],
): M & MatrixPaths {
  Object.defineProperty(m, 'rowPaths', { value: rowPaths, enumerable: false, configurable: true });
  Object.defineProperty(m, 'colPaths', { value: colPaths, enumerable: false, configurable: true });
  return m as M & MatrixPaths;
}
