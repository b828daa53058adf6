import { isActive, type Matrix, type Real } from '@pullback/rules-core';
import type { FiniteDifferencesBackend, ForwardBackend, ReverseBackend } from './backend.js';
import { OutputShapeError } from '../errors.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { ReverseRun, UserFunction } from '../interpreters/passes.js';
import { densify } from '../values/lift.js';
import { describe } from '../tree/describe.js';
import { primalDeep } from '../tree/primal-deep.js';
import {
  describeStructure,
  flattenReal,
  sizeOf,
  structureOf,
  unflattenReal,
  type Structure,
} from '../tree/structure.js';
import { accumulate, times } from '../values/real-arithmetic.js';

/** A backend that runs passes itself (`auto` and `secondOrder` resolve to these). */
export type ConcreteBackend = ForwardBackend | ReverseBackend | FiniteDifferencesBackend;

/**
 * What a backend that runs passes itself does for the operators, which call it without naming
 * it (DifferentiationInterface's operators call a backend the same way). `b` is the backend
 * with its options. Every method names the operator the user called (`ctx.operator`) in its
 * errors; results may share memory with the pass (the operators copy them).
 */
export interface DensePasses<B extends ConcreteBackend> {
  /** The values of `f(x)` and its pushforwards along each of `tangents`. */
  valueAndPushforwards(
    b: B,
    f: UserFunction,
    x: unknown,
    rest: readonly unknown[],
    tangents: readonly unknown[],
    ctx: PassContext,
  ): { y: unknown; tys: unknown[] };
  /** The value of `f(x)` and a function mapping output cotangents to input cotangents. */
  valueAndPullback(
    b: B,
    f: UserFunction,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): { y: unknown; pullback: (dy: unknown) => unknown };
  /** The value of `f(x)` and its Jacobian over the flattened input and output. */
  valueAndJacobian(
    b: B,
    f: UserFunction,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): { y: unknown; jacobian: Matrix<Float64Array | Real[]> };
  /** The value of a scalar function and its gradient in `x`'s structure. */
  valueAndGradient(
    b: B,
    f: UserFunction,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): { y: Real; gradient: unknown };
  /**
   * The passes (forward mode) or sweeps (reverse mode) building the whole `m × n` Jacobian
   * takes, which `linearize` bounds; 0 for finite differences, whose evaluations it does not.
   */
  jacobianBuildPasses(b: B, m: number, n: number): number;
  /**
   * Present when the backend records `f` once and can sweep the recording again for each
   * cotangent (reverse mode): a run on a tape of its own, which lives as long as the caller
   * keeps it (`vjp`).
   */
  record?(
    b: B,
    f: UserFunction,
    x: unknown,
    rest: readonly unknown[],
    ctx: PassContext,
  ): ReverseRun;
}

/** The unit vector `e_i` of length `n`, in structure `s`. */
export function basis(s: Structure, n: number, i: number): unknown {
  const e = new Float64Array(n);
  e[i] = 1;
  return unflattenReal(s, e);
}

/**
 * The Jacobian from one pushforward per input component (what forward mode does): columns
 * `J e_j`, packed row-major.
 */
export function jacobianByPushforwards<B extends ConcreteBackend>(
  passes: DensePasses<B>,
  b: B,
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; jacobian: Matrix<Float64Array | Real[]> } {
  const xs = structureOf(x);
  const n = sizeOf(xs);
  const tangents = Array.from({ length: n }, (_, j) => basis(xs, n, j));
  const { y, tys } = passes.valueAndPushforwards(b, f, x, rest, tangents, ctx);
  const ys = structureOf(primalDeep(y), 'f(x)', ctx.operator);
  const m = sizeOf(ys);
  const columns = tys.map((t) => flattenReal(t, ys));
  const data: Real[] = new Array<Real>(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) data[i * n + j] = columns[j][i];
  return { y, jacobian: { rows: m, cols: n, data: packed(data) } };
}

/** A pullback as `wᵀ J` from the whole Jacobian (for backends that do not record a pass). */
export function pullbackByJacobian<B extends ConcreteBackend>(
  passes: DensePasses<B>,
  b: B,
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; pullback: (dy: unknown) => unknown } {
  const { y, jacobian } = passes.valueAndJacobian(b, f, x, rest, ctx);
  const xs = structureOf(x);
  const like = primalDeep(y);
  const ys = structureOf(like, 'f(x)', ctx.operator);
  return {
    y,
    // Zero tangents in `dy` (its structural zeros) become numeric zeros before flattening.
    pullback: (dy) => unflattenReal(xs, vecmat(flattenReal(densify(dy, like), ys), jacobian)),
  };
}

/**
 * Throws the error a gradient (or a Hessian, or an hvp) gives for a function that does not
 * return one real, naming the operator the user called.
 */
export function requireScalar(y: unknown, operator: string): void {
  if (typeof y === 'number' || (isActive(y) && !('length' in y))) return;
  const p = primalDeep(y);
  let what: string;
  try {
    const s = structureOf(p, 'f(x)');
    what = `a value of shape ${describeStructure(s)}`;
  } catch {
    what = describe(p);
  }
  const secondOrder = /hessian|hvp/i.test(operator);
  throw new OutputShapeError(
    `${operator} needs f to return a single number, but f returned ${what}. ` +
      (secondOrder
        ? 'Second derivatives here are of a scalar function: take them of each output ' +
          'separately, or of a weighted sum of the outputs (dot(w, f(x))).'
        : 'Use jacobian for a function with several outputs, or pullback with a cotangent ' +
          'that weights the outputs.'),
  );
}

export function packed(xs: Real[]): Float64Array | Real[] {
  for (const v of xs) if (typeof v !== 'number') return xs;
  return Float64Array.from(xs as number[]);
}

/** `J v` for a row-major Jacobian. */
export function matvec(
  J: Matrix<Float64Array | Real[]>,
  v: ArrayLike<Real>,
): Float64Array | Real[] {
  const out = new Array<Real>(J.rows).fill(0);
  for (let i = 0; i < J.rows; i++) {
    let acc: Real = 0;
    for (let j = 0; j < J.cols; j++) acc = accumulate(acc, times(J.data[i * J.cols + j], v[j]));
    out[i] = acc;
  }
  return packed(out);
}

/** `wᵀ J` for a row-major Jacobian. */
export function vecmat(
  w: ArrayLike<Real>,
  J: Matrix<Float64Array | Real[]>,
): Float64Array | Real[] {
  const out = new Array<Real>(J.cols).fill(0);
  for (let i = 0; i < J.rows; i++) {
    for (let j = 0; j < J.cols; j++)
      out[j] = accumulate(out[j], times(w[i], J.data[i * J.cols + j]));
  }
  return packed(out);
}

/** `v` rebuilt with the kinds of structure `s` (a `Float64Array` where the input had one). */
export function conform(v: unknown, s: Structure): unknown {
  if (s.kind === 'float64' && (v as { length?: unknown } | undefined)?.length === s.length) {
    // A copy, so the result never aliases an array the caller passed in.
    if (v instanceof Float64Array) return v.slice();
    // A lower level's dense array already is a `Float64Array` leaf of that level: keep it whole
    // rather than splitting it into one active scalar per element.
    if (isActive(v)) return v;
  }
  return unflattenReal(s, flattenReal(v, s));
}
