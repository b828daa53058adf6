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
  readonly n: number;
  /** Value of a scalar. */
  readonly s: number;
  /** Values of an array. */
  readonly a: Float64Array | undefined;
  /** Tangent of a scalar, one number per lane; `undefined` when it has none. */
  readonly ts: readonly number[] | undefined;
  /** Tangents of an array, one array per lane; `undefined` when it has none. */
  readonly ta: readonly Float64Array[] | undefined;
  /** Id of a tracked scalar, or first id of a tracked array; -1 when untracked. */
  readonly id: number;
  /** Ids of the elements of a gathered `Real[]` (-1 for untracked ones). */
  readonly ids: Int32Array | undefined;
}

/** Values and tangent lanes of an array of the outer pass. */
export interface ArrayParts {
  readonly a: Float64Array;
  readonly ta: readonly Float64Array[] | undefined;
}

/** `v` (a number or a numeric dual of `outer`) as a value and tangent lanes. */
export function scalarParts(
  v: unknown,
  outer: ForwardInterpreter,
): { s: number; ts: readonly number[] | undefined } | undefined {
  if (typeof v === 'number') return { s: v, ts: undefined };
  if (v instanceof Dual && v.o === outer && v.numeric) {
    return { s: v.v as number, ts: v.d as readonly number[] };
  }
  return undefined;
}

/** The values and tangent lanes of an array of the outer pass (packed from a `Real[]` if need be). */
export function arrayParts(v: unknown, outer: ForwardInterpreter): ArrayParts | undefined {
  if (v instanceof Float64Array) return { a: v, ta: undefined };
  if (v instanceof DualArray) {
    if (v.o !== outer || !(v.v instanceof Float64Array)) return undefined;
    if (!v.d.every((lane) => lane instanceof Float64Array)) return undefined;
    return { a: v.v, ta: v.d as readonly Float64Array[] };
  }
  if (!Array.isArray(v)) return undefined;
  const n = v.length;
  const a = new Float64Array(n);
  let ta: Float64Array[] | undefined;
  for (let i = 0; i < n; i++) {
    const parts = scalarParts(v[i], outer);
    if (parts === undefined) return undefined;
    a[i] = parts.s;
    if (parts.ts === undefined) continue;
    ta ??= Array.from({ length: outer.lanes }, () => new Float64Array(n));
    for (let j = 0; j < ta.length; j++) ta[j][i] = parts.ts[j];
  }
  return { a, ta };
}

/** `x` as an operand of a second-order operation of `interp`, or `undefined`. */
export function forwardOverReverseOperand(
  x: unknown,
  interp: Interpreter,
  outer: ForwardInterpreter,
): ForwardOverReverseOperand | undefined {
  const scalar = (v: unknown, id: number): ForwardOverReverseOperand | undefined => {
    const p = scalarParts(v, outer);
    return p && { n: -1, s: p.s, a: undefined, ts: p.ts, ta: undefined, id, ids: undefined };
  };
  const array = (v: unknown, id: number): ForwardOverReverseOperand | undefined => {
    const p = arrayParts(v, outer);
    return p && { n: p.a.length, s: 0, a: p.a, ts: undefined, ta: p.ta, id, ids: undefined };
  };
  if (x instanceof TrackedScalar) return x.o === interp ? scalar(x.v, x.id) : undefined;
  if (x instanceof TrackedArray) return x.o === interp ? array(x.v, x.id) : undefined;
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
    if (e instanceof TrackedScalar && e.o === interp) {
      ids ??= new Int32Array(n).fill(-1);
      ids[i] = e.id;
      lowered[i] = e.v;
    } else lowered[i] = e as Real;
  }
  const p = arrayParts(lowered, outer);
  return p && { n, s: 0, a: p.a, ts: undefined, ta: p.ta, id: -1, ids };
}
