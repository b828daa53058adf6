import type { Real } from '@pullback/rules-core';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import type { ForwardInterpreter } from './forward.js';
import { Dual, DualArray } from '../values/dual.js';
import { TrackedArray, TrackedScalar } from '../values/tracked.js';

/**
 * Arguments of the second-order paths as plain numbers: values, tangents in the outer forward
 * pass, and the ids their adjoints go to. Anything that does not split this way (a value of
 * another level, lanes that are not numbers) gives `undefined`, and the call takes the generic
 * path instead.
 */

/** A scalar or an array argument of a second-order operation. */
export interface ForwardOverReverseOperand {
  /** Length of an array; -1 for a scalar. */
  readonly length: number;
  /** Value of a scalar. */
  readonly scalar: number;
  /** Values of an array. */
  readonly array: Float64Array | undefined;
  /** Tangent of a scalar, one number per lane; `undefined` when it has none. */
  readonly scalarTangents: readonly number[] | undefined;
  /** Tangents of an array, one array per lane; `undefined` when it has none. */
  readonly arrayTangents: readonly Float64Array[] | undefined;
  /** Id of a tracked scalar, or first id of a tracked array; -1 when untracked. */
  readonly id: number;
  /** Ids of the elements of a gathered `Real[]` (-1 for untracked ones). */
  readonly ids: Int32Array | undefined;
}

/** Values and tangent lanes of an array of the outer pass. */
export interface ArrayParts {
  readonly array: Float64Array;
  readonly arrayTangents: readonly Float64Array[] | undefined;
}

/** `v` (a number or a numeric dual of `outer`) as a value and tangent lanes. */
export function scalarParts(
  v: unknown,
  outer: ForwardInterpreter,
): { scalar: number; scalarTangents: readonly number[] | undefined } | undefined {
  if (typeof v === 'number') return { scalar: v, scalarTangents: undefined };
  if (v instanceof Dual && v.owner === outer && v.numeric) {
    return { scalar: v.value as number, scalarTangents: v.tangents as readonly number[] };
  }
  return undefined;
}

/** The values and tangent lanes of an array of the outer pass (packed from a `Real[]` if need be). */
export function arrayParts(v: unknown, outer: ForwardInterpreter): ArrayParts | undefined {
  if (v instanceof Float64Array) return { array: v, arrayTangents: undefined };
  if (v instanceof DualArray) {
    if (v.owner !== outer || !(v.value instanceof Float64Array)) return undefined;
    if (!v.tangents.every((lane) => lane instanceof Float64Array)) return undefined;
    return { array: v.value, arrayTangents: v.tangents as readonly Float64Array[] };
  }
  if (!Array.isArray(v)) return undefined;
  const n = v.length;
  const a = new Float64Array(n);
  let ta: Float64Array[] | undefined;
  for (let i = 0; i < n; i++) {
    const parts = scalarParts(v[i], outer);
    if (parts === undefined) return undefined;
    a[i] = parts.scalar;
    if (parts.scalarTangents === undefined) continue;
    ta ??= Array.from({ length: outer.lanes }, () => new Float64Array(n));
    for (let j = 0; j < ta.length; j++) ta[j][i] = parts.scalarTangents[j];
  }
  return { array: a, arrayTangents: ta };
}

/** `x` as an operand of a second-order operation of `interp`, or `undefined`. */
export function forwardOverReverseOperand(
  x: unknown,
  interp: Interpreter,
  outer: ForwardInterpreter,
): ForwardOverReverseOperand | undefined {
  const scalar = (v: unknown, id: number): ForwardOverReverseOperand | undefined => {
    const p = scalarParts(v, outer);
    return (
      p && {
        length: -1,
        scalar: p.scalar,
        array: undefined,
        scalarTangents: p.scalarTangents,
        arrayTangents: undefined,
        id,
        ids: undefined,
      }
    );
  };
  const array = (v: unknown, id: number): ForwardOverReverseOperand | undefined => {
    const p = arrayParts(v, outer);
    return (
      p && {
        length: p.array.length,
        scalar: 0,
        array: p.array,
        scalarTangents: undefined,
        arrayTangents: p.arrayTangents,
        id,
        ids: undefined,
      }
    );
  };
  if (x instanceof TrackedScalar) return x.owner === interp ? scalar(x.value, x.id) : undefined;
  if (x instanceof TrackedArray) return x.owner === interp ? array(x.value, x.id) : undefined;
  if (typeof x === 'number' || x instanceof Dual) return scalar(x, -1);
  if (x instanceof Float64Array || x instanceof DualArray) return array(x, -1);
  return Array.isArray(x) ? gathered(x, interp, outer) : undefined;
}

/** A `Real[]` whose elements may be tracked scalars: values, tangents and ids gathered. */
function gathered(
  x: readonly unknown[],
  interp: Interpreter,
  outer: ForwardInterpreter,
): ForwardOverReverseOperand | undefined {
  const n = x.length;
  const lowered: Real[] = new Array<Real>(n);
  let ids: Int32Array | undefined;
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (e instanceof TrackedScalar && e.owner === interp) {
      ids ??= new Int32Array(n).fill(-1);
      ids[i] = e.id;
      lowered[i] = e.value;
    } else lowered[i] = e as Real;
  }
  const p = arrayParts(lowered, outer);
  return (
    p && {
      length: n,
      scalar: 0,
      array: p.array,
      scalarTangents: undefined,
      arrayTangents: p.arrayTangents,
      id: -1,
      ids,
    }
  );
}
