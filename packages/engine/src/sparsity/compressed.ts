import type { Real } from '@pullback/rules-core';
import { backendName } from '../backends.js';
import {
  valueAndGradient,
  valueAndPullbackFn,
  valueAndPushforwards,
  type ConcreteBackend,
} from '../internal/core.js';
import { planFirstOrder, planSecondOrder } from '../internal/resolve.js';
import { gradientAndHvps } from '../internal/second-order.js';
import { primalDeep } from '../internal/primal-deep.js';
import { flattenReal, sizeOf, structureOf, unflattenReal } from '../internal/structure.js';
import type { UserFunction } from '../passes/run.js';
import { reverse } from '../backends.js';
import { PassContext } from '../passes/context.js';
import { colorColumns, colorCount } from './coloring.js';
import { BranchRecord } from './branch-record.js';
import {
  detectJacobian,
  nonZeros,
  replayBranches,
  type Detection,
  type SparsityPattern,
} from './detect.js';
import { decompress, type SparseBackend } from './sparse-backend.js';

/** A pattern, its coloring, and what they save, fixed at preparation. */
export interface Compression {
  readonly pattern: SparsityPattern;
  /** One color per column (or per row, for row compression). */
  readonly colors: Int32Array;
  readonly count: number;
  /** Compress rows (pullbacks) instead of columns (pushforwards). */
  readonly byRows: boolean;
  readonly why: string;
  /** The branch outcomes the pattern holds under. */
  readonly record: BranchRecord;
}

/** The transpose of a pattern. */
function transposed(p: SparsityPattern): SparsityPattern {
  const entries: number[][] = Array.from({ length: p.cols }, () => []);
  p.entries.forEach((row, i) => row.forEach((j) => entries[j].push(i)));
  return { rows: p.cols, cols: p.rows, entries };
}

/** `f`'s gradient as a function of `x`, to trace for Hessian patterns. */
function gradientOf(f: UserFunction, rest: readonly unknown[]): UserFunction {
  return ((xx: unknown) =>
    valueAndGradient(f, reverse(), xx, rest, new PassContext({})).gradient) as UserFunction;
}

/** The Hessian pattern of `f` with its branch outcomes: the Jacobian pattern of its gradient, traced through a reverse pass. */
export function detectHessian(f: UserFunction, x: unknown, rest: readonly unknown[]): Detection {
  return detectJacobian(gradientOf(f, rest), x, []);
}

/** The Hessian pattern of `f` at `x`. */
export function hessianSparsity(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[] = [],
): SparsityPattern {
  return detectHessian(f, x, rest).pattern;
}

/**
 * Runs `f` (its gradient, for a Hessian) at `x` on tracers that only check the branch
 * outcomes of `recorded`: what differs, or `undefined` when the pattern holds at `x`.
 */
export function replayFamily(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  family: 'jacobian' | 'hessian',
  recorded: BranchRecord,
): string | undefined {
  return family === 'jacobian'
    ? replayBranches(f, x, rest, recorded)
    : replayBranches(gradientOf(f, rest), x, [], recorded);
}

/** Detects and colors for a Jacobian (`family: 'jacobian'`) or a Hessian. */
export function planCompression(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  family: 'jacobian' | 'hessian',
  dense: ConcreteBackend,
): Compression {
  const detect = b.detector ?? 'tracer';
  // A pattern given by a function of the caller's is taken to hold everywhere.
  const { pattern, record } =
    detect !== 'tracer'
      ? { pattern: detect(f, x, rest), record: new BranchRecord() }
      : family === 'jacobian'
        ? detectJacobian(f, x, rest)
        : detectHessian(f, x, rest);
  const byRows = family === 'jacobian' && dense.kind === 'reverse';
  const colored = byRows ? transposed(pattern) : pattern;
  const colors =
    b.coloring === undefined || b.coloring === 'greedy'
      ? colorColumns(colored)
      : b.coloring(colored);
  const count = colorCount(colors);
  const products =
    family === 'hessian' ? 'Hessian-vector products' : byRows ? 'pullbacks' : 'pushforwards';
  const dimension = byRows ? pattern.rows : pattern.cols;
  return {
    pattern,
    colors,
    count,
    byRows,
    why: `sparse(${backendName(b.dense)}) found ${nonZeros(pattern)} structural non-zeros in a ${pattern.rows}×${pattern.cols} ${family}, colored with ${count} color(s): ${count} ${products} instead of ${dimension}.`,
    record,
  };
}

/** The seed of each color: 1 at every index of that color. */
function seeds(colors: Int32Array, count: number, s: ReturnType<typeof structureOf>): unknown[] {
  return Array.from({ length: count }, (_, c) =>
    unflattenReal(
      s,
      Float64Array.from(colors, (k) => (k === c ? 1 : 0)),
    ),
  );
}

/** A Jacobian from one product per color. */
export function compressedJacobian(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
  given?: Compression,
): {
  y: unknown;
  jacobian: { rows: number; cols: number; data: Float64Array };
  compression: Compression;
} {
  const dense = planFirstOrder(b.dense, 'jacobian', () => ({
    n: sizeOf(structureOf(x)),
    m: 1,
  })).backend;
  const plan = given ?? planCompression(f, b, x, rest, 'jacobian', dense);
  const xs = structureOf(x);
  if (plan.byRows) {
    const { y, pullback } = valueAndPullbackFn(f, dense, x, rest, ctx);
    const ys = structureOf(primalDeep(y), 'f(x)');
    const rowsOfColor = seeds(plan.colors, plan.count, ys).map((dy) =>
      flattenReal(pullback(dy), xs),
    );
    return {
      y,
      jacobian: decompress(plan.pattern, (i, j) => rowsOfColor[plan.colors[i]][j]),
      compression: plan,
    };
  }
  const { y, tys } = valueAndPushforwards(
    f,
    dense,
    x,
    rest,
    seeds(plan.colors, plan.count, xs),
    ctx,
  );
  const ys = structureOf(primalDeep(y), 'f(x)');
  const columnsOfColor = tys.map((t) => flattenReal(t, ys));
  return {
    y,
    jacobian: decompress(plan.pattern, (i, j) => columnsOfColor[plan.colors[j]][i]),
    compression: plan,
  };
}

/** A Hessian from one Hessian-vector product per color (with the value and gradient). */
export function compressedHessian(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
  given?: Compression,
): {
  y: Real;
  gradient: unknown;
  hessian: { rows: number; cols: number; data: Float64Array };
  compression: Compression;
} {
  const { outer, inner } = planSecondOrder(b.dense, 'hessian');
  const plan = given ?? planCompression(f, b, x, rest, 'hessian', outer);
  const xs = structureOf(x);
  const { y, gradient, hvps } = gradientAndHvps(
    f,
    outer,
    inner,
    x,
    rest,
    seeds(plan.colors, plan.count, xs),
    ctx,
  );
  const columnsOfColor = hvps.map((h) => flattenReal(h, xs));
  return {
    y,
    gradient,
    hessian: decompress(plan.pattern, (i, j) => columnsOfColor[plan.colors[j]][i]),
    compression: plan,
  };
}
