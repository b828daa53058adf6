import { isActive, type Matrix, type Real } from '@pullback/rules-core';
import {
  defaultChunkSize,
  type FiniteDifferencesBackend,
  type ForwardBackend,
  type ReverseBackend,
} from './backend.js';
import { OutputShapeError } from '../errors.js';
import type { PassContext } from '../interpreters/pass-context.js';
import { densify } from '../values/lift.js';
import { forwardPass, reversePass, type UserFunction } from '../interpreters/passes.js';
import { describe } from '../tree/describe.js';
import {
  CENTRAL_STEP,
  centralDirectional,
  centralJacobian,
  FlatFunction,
} from '../fallback/finite-differences.js';
import { primalDeep } from '../tree/primal-deep.js';
import {
  describeStructure,
  flattenReal,
  sizeOf,
  structureOf,
  unflattenReal,
  type Structure,
} from '../tree/structure.js';
import { withCheckedOutput } from '../interpreters/user-output.js';
import { accumulate } from '../tapes/tape.js';
import { times } from '../values/real-arithmetic.js';

/** A backend that runs passes itself (`auto` and `secondOrder` resolve to these). */
export type ConcreteBackend = ForwardBackend | ReverseBackend | FiniteDifferencesBackend;

/** The unit vector `e_i` of length `n`, in structure `s`. */
export function basis(s: Structure, n: number, i: number): unknown {
  const e = new Float64Array(n);
  e[i] = 1;
  return unflattenReal(s, e);
}

/** The values of `f(x)` and its pushforwards along each of `tangents`. */
export function valueAndPushforwards(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  tangents: readonly unknown[],
  ctx: PassContext,
): { y: unknown; tys: unknown[] } {
  if (b.kind === 'forward') {
    const k = b.chunkSize ?? defaultChunkSize(tangents.length);
    let y: unknown;
    const tys: unknown[] = [];
    for (let start = 0; start < Math.max(1, tangents.length); start += k) {
      const chunk = tangents.slice(start, start + k);
      const run = forwardPass(f, x, rest, chunk.length > 0 ? chunk : [0], ctx);
      y = run.y;
      for (let j = 0; j < chunk.length; j++) tys.push(run.denseTangent(j));
    }
    return { y, tys };
  }
  if (b.kind === 'finiteDifferences') {
    const F = new FlatFunction(withCheckedOutput(f, ctx.operator), x, rest);
    const y = F.value(F.x0);
    const ys = structureOf(y, 'f(x)', ctx.operator);
    const tys = tangents.map((t) =>
      unflattenReal(
        ys,
        centralDirectional(F, flattenReal(t, F.xs), b.relativeStep ?? CENTRAL_STEP),
      ),
    );
    return { y, tys };
  }
  const { y, jacobian, xs } = reverseJacobian(f, x, rest, ctx);
  const ys = structureOf(primalDeep(y), 'f(x)', ctx.operator);
  const tys = tangents.map((t) => unflattenReal(ys, matvec(jacobian, flattenReal(t, xs))));
  return { y, tys };
}

/** The value of `f(x)` and a function mapping output cotangents to input cotangents. */
export function valueAndPullbackFn(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; pullback: (dy: unknown) => unknown } {
  if (b.kind === 'reverse') {
    const run = reversePass(f, x, rest, ctx);
    const xs = structureOf(x);
    return { y: run.y, pullback: (dy) => conform(run.pullback(dy), xs) };
  }
  const { y, jacobian } = valueAndJacobian(f, b, x, rest, ctx);
  const xs = structureOf(x);
  const like = primalDeep(y);
  const ys = structureOf(like, 'f(x)', ctx.operator);
  return {
    y,
    // Zero tangents in `dy` (its structural zeros) become numeric zeros before flattening.
    pullback: (dy) => unflattenReal(xs, vecmat(flattenReal(densify(dy, like), ys), jacobian)),
  };
}

/** The value of `f(x)` and its Jacobian over the flattened input and output. */
export function valueAndJacobian(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; jacobian: Matrix<Float64Array | Real[]> } {
  const xs = structureOf(x);
  const n = sizeOf(xs);
  if (b.kind === 'reverse') {
    const { y, jacobian } = reverseJacobian(f, x, rest, ctx);
    return { y, jacobian };
  }
  if (b.kind === 'finiteDifferences') {
    const F = new FlatFunction(withCheckedOutput(f, ctx.operator), x, rest);
    const { m, data } = centralJacobian(F, b.relativeStep ?? CENTRAL_STEP);
    return { y: F.value(F.x0), jacobian: { rows: m, cols: n, data } };
  }
  const tangents = Array.from({ length: n }, (_, j) => basis(xs, n, j));
  const { y, tys } = valueAndPushforwards(f, b, x, rest, tangents, ctx);
  const ys = structureOf(primalDeep(y), 'f(x)', ctx.operator);
  const m = sizeOf(ys);
  const columns = tys.map((t) => flattenReal(t, ys));
  const data: Real[] = new Array<Real>(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) data[i * n + j] = columns[j][i];
  return { y, jacobian: { rows: m, cols: n, data: packed(data) } };
}

function reverseJacobian(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; jacobian: Matrix<Float64Array | Real[]>; xs: Structure } {
  const xs = structureOf(x);
  const n = sizeOf(xs);
  const run = reversePass(f, x, rest, ctx);
  const ys = structureOf(primalDeep(run.y), 'f(x)', ctx.operator);
  const m = sizeOf(ys);
  const data: Real[] = new Array<Real>(m * n);
  for (let i = 0; i < m; i++) {
    const row = flattenReal(run.pullback(basis(ys, m, i)), xs);
    for (let j = 0; j < n; j++) data[i * n + j] = row[j];
  }
  return { y: run.y, jacobian: { rows: m, cols: n, data: packed(data) }, xs };
}

/** The value of a scalar function and its gradient in `x`'s structure. */
export function valueAndGradient(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: Real; gradient: unknown } {
  if (b.kind === 'reverse') {
    const run = reversePass(f, x, rest, ctx);
    requireScalar(run.y, ctx.operator);
    return { y: run.y as Real, gradient: conform(run.pullback(1), structureOf(x)) };
  }
  const xs = structureOf(x);
  const n = sizeOf(xs);
  if (b.kind === 'finiteDifferences') {
    const F = new FlatFunction(withCheckedOutput(f, ctx.operator), x, rest);
    const y = F.value(F.x0);
    requireScalar(y, ctx.operator);
    const { data } = centralJacobian(F, b.relativeStep ?? CENTRAL_STEP);
    return { y: y as Real, gradient: unflattenReal(xs, data) };
  }
  const tangents = Array.from({ length: n }, (_, j) => basis(xs, n, j));
  const { y, tys } = valueAndPushforwards(f, b, x, rest, tangents, ctx);
  requireScalar(y, ctx.operator);
  return { y: y as Real, gradient: unflattenReal(xs, packed(tys as Real[])) };
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

function packed(xs: Real[]): Float64Array | Real[] {
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
