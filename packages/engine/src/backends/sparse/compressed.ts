import type { Real } from '@pullback/rules-core';
import { backendName } from '../backend.js';
import type { FallbackEvent } from '../../fallback/events.js';
import type { ConcreteBackend } from '../dense-passes.js';
import { valueAndPullbackFn, valueAndPushforwards } from '../passes.js';
import type { FallbackLog } from '../../fallback/fallback-log.js';
import { primalDeep } from '../../tree/primal-deep.js';
import { planFirstOrder, planSecondOrder } from '../auto.js';
import { gradientAndHvps } from '../second-order.js';
import { flattenReal, pathsOf, sizeOf, structureOf, unflattenReal } from '../../tree/structure.js';
import { withPaths, type MatrixPaths } from '../../api/matrix-paths.js';
import type { PassContext } from '../../interpreters/pass-context.js';
import type { UserFunction } from '../../interpreters/passes.js';
import { BranchRecord } from '../../sparsity/branch-record.js';
import {
  ColoringOptionError,
  checkColoringOptions,
  colorCount,
  coloring,
  type ColoringAlgorithm,
  type ColoringPartition,
} from '../../sparsity/coloring/coloring.js';
import {
  decompressAcyclic,
  decompressColumns,
  decompressRows,
  decompressStar,
} from '../../sparsity/coloring/decompress.js';
import type { SparseMatrix } from '../../sparsity/csr.js';
import {
  detectHessian,
  detectJacobian,
  replayBranches,
  type Detection,
} from '../../sparsity/detect.js';
import { GlobalSparsityError } from '../../sparsity/global-sparsity-error.js';
import {
  checkPattern,
  nonZeros,
  symmetrized,
  type SparsityPattern,
} from '../../sparsity/pattern.js';
import type { SparseBackend } from './sparse-backend.js';
import { checkValidColoring } from '../../sparsity/coloring/valid.js';

/** A pattern, its coloring, and what they save, fixed at preparation. */
export interface Compression {
  readonly family: 'jacobian' | 'hessian';
  readonly pattern: SparsityPattern;
  /** One color per column, row or index, depending on `partition`. */
  readonly colors: Int32Array;
  readonly count: number;
  readonly partition: ColoringPartition;
  /** How entries come back: read directly, or by substitution (acyclic coloring). */
  readonly algorithm: ColoringAlgorithm | 'given';
  readonly why: string;
  /** The branch outcomes the pattern holds under (empty for a global or given pattern). */
  readonly record: BranchRecord;
  /** Which detector found the pattern, for messages. */
  readonly detector: 'global' | 'local' | 'given';
}

/** Where a compression is planned from: the operator for messages, the log for the global→local fallback. */
export interface PlanSite {
  readonly operator: string;
  readonly log: FallbackLog | undefined;
}

/** Detects with the backend's detector, falling back from global to local (reported). */
function detect(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  family: 'jacobian' | 'hessian',
  site: PlanSite,
): Detection & { detector: Compression['detector'] } {
  const d = b.detector ?? 'global';
  const run = (detector: 'global' | 'local'): Detection =>
    (family === 'jacobian' ? detectJacobian : detectHessian)(f, x, rest, {
      operator: site.operator,
      detector,
    });
  if (typeof d === 'function' || typeof d === 'object') {
    const given = checkPattern(
      typeof d === 'function' ? d(f, x, rest) : d,
      `${site.operator} with sparse(dense, { detector })`,
      typeof d === 'function' ? 'what the detector returned' : 'detector',
    );
    const n = sizeOf(structureOf(x));
    if (given.cols !== n || (family === 'hessian' && given.rows !== n)) {
      throw new ColoringOptionError(
        `${site.operator}: the given sparsity pattern is ${given.rows}×${given.cols}, but x has ${n} components${family === 'hessian' ? ' (a Hessian pattern is n×n)' : ''}.`,
      );
    }
    const pattern = family === 'hessian' ? symmetrized(given) : given;
    return { pattern, record: new BranchRecord(), detector: 'given' };
  }
  if (d === 'local') return { ...run('local'), detector: 'local' };
  try {
    return { ...run('global'), detector: 'global' };
  } catch (error) {
    if (!(error instanceof GlobalSparsityError)) throw error;
    site.log?.notice(`sparsity|global|${error.reason}`, {
      functionName: error.functionName,
      mode: 'sparsity',
      reason: error.message,
      replacement: 'local sparsity detection',
      lintRule: '@pullback/prefer-ifelse-when-prepared',
      // Local detection is exact at the point and checked again at every other: nothing is estimated.
      location: undefined,
      errorEstimate: 0,
      reliable: true,
    } satisfies FallbackEvent);
    return { ...run('local'), detector: 'local' };
  }
}

/** The partition the products need by default: Hessians symmetric, reverse mode rows, else columns. */
function defaultPartition(
  family: 'jacobian' | 'hessian',
  dense: ConcreteBackend,
): ColoringPartition {
  if (family === 'hessian') return 'symmetric';
  return dense.kind === 'reverse' ? 'row' : 'column';
}

/** Detects and colors for a Jacobian (`family: 'jacobian'`) or a Hessian. */
export function planCompression(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  family: 'jacobian' | 'hessian',
  dense: ConcreteBackend,
  site: PlanSite,
): Compression {
  const { pattern, record, detector } = detect(f, b, x, rest, family, site);
  const given = b.coloring;
  let partition: ColoringPartition;
  let colors: Int32Array;
  let algorithm: Compression['algorithm'];
  if (typeof given === 'function') {
    partition = defaultPartition(family, dense);
    const c = given(pattern, partition);
    colors = c instanceof Int32Array ? c : c.colors;
    checkValidColoring(pattern, colors, partition, site.operator);
    algorithm = 'given';
  } else {
    // Star and acyclic coloring are for Hessians: a Jacobian of the same backend colors its
    // columns (rows) greedily unless a symmetric partition is asked for outright.
    const forJacobian =
      family === 'jacobian' &&
      given?.partition !== 'symmetric' &&
      (given?.algorithm === 'star' || given?.algorithm === 'acyclic');
    const options = checkColoringOptions(
      {
        partition: defaultPartition(family, dense),
        ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)),
        ...(forJacobian ? { algorithm: 'greedy' } : {}),
      },
      'sparse(dense, { coloring })',
    );
    if (family === 'jacobian' && options.partition === 'symmetric') {
      throw new ColoringOptionError(
        `${site.operator}: partition 'symmetric' colors Hessians; a Jacobian needs 'column' (pushforwards) or 'row' (pullbacks).`,
      );
    }
    partition = options.partition;
    algorithm = options.algorithm;
    colors = coloring(pattern, options).colors;
  }
  const count = colorCount(colors);
  const products =
    family === 'hessian'
      ? 'Hessian-vector products'
      : partition === 'row'
        ? 'pullbacks'
        : 'pushforwards';
  const dimension = partition === 'row' ? pattern.rows : pattern.cols;
  return {
    family,
    pattern,
    colors,
    count,
    partition,
    algorithm,
    record,
    detector,
    why: `sparse(${backendName(b.dense)}) found ${nonZeros(pattern)} structural non-zeros in a ${pattern.rows}×${pattern.cols} ${family} (${detector === 'given' ? 'pattern given' : `${detector} detector`}), colored with ${count} color(s) (${partition}, ${algorithm}): ${count} ${products} instead of ${dimension}.`,
  };
}

/** Runs `f` (global or given patterns need no replay) and says what differs from the plan's branch outcomes. */
export function replayPlan(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  plan: Compression,
): string | undefined {
  return replayBranches(f, x, rest, plan.record, plan.family === 'hessian');
}

/** The seed of each color: 1 at every index of that color, in `x`'s (or `f(x)`'s) structure. */
function seeds(colors: Int32Array, count: number, s: ReturnType<typeof structureOf>): unknown[] {
  return Array.from({ length: count }, (_, c) =>
    unflattenReal(
      s,
      Float64Array.from(colors, (k) => (k === c ? 1 : 0)),
    ),
  );
}

/** A product flattened to numbers (inside another differentiation its entries are active: refused by the conversion). */
function numbers(v: unknown, s: ReturnType<typeof structureOf>): Float64Array {
  const flat = flattenReal(v, s);
  return flat instanceof Float64Array ? flat : Float64Array.from(flat as number[]);
}

/** Checks that the plan's pattern has one row per component of `f(x)`. */
function checkRows(plan: Compression, m: number, operator: string): void {
  if (plan.pattern.rows !== m) {
    throw new ColoringOptionError(
      `${operator}: the sparsity pattern has ${plan.pattern.rows} rows, but f(x) has ${m} components.`,
    );
  }
}

/** A sparse matrix of `plan`'s pattern with `values`, labelled. */
function matrix(
  plan: Compression,
  values: Float64Array,
  rowPaths: readonly string[],
  colPaths: readonly string[],
): SparseMatrix & MatrixPaths {
  const { rows, cols, rowPtr, colIdx } = plan.pattern;
  return withPaths(
    { rows, cols, rowPtr: rowPtr.slice(), colIdx: colIdx.slice(), values },
    rowPaths,
    colPaths,
  );
}

/**
 * Values of the pattern's non-zeros from compressed products, by the plan's partition and
 * algorithm (and the checked coloring of a function for a given one).
 */
export function decompressPlan(
  plan: Compression,
  products: readonly ArrayLike<number>[],
): Float64Array {
  if (plan.partition === 'row') return decompressRows(plan.pattern, plan.colors, products);
  if (plan.partition === 'column' || plan.algorithm === 'greedy') {
    return decompressColumns(plan.pattern, plan.colors, products);
  }
  return plan.algorithm === 'acyclic'
    ? decompressAcyclic(plan.pattern, plan.colors, products)
    : decompressStar(plan.pattern, plan.colors, products);
}

/** A Jacobian from one product per color, as a CSR matrix. */
export function compressedJacobian(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
  given?: Compression,
): { y: unknown; jacobian: SparseMatrix & MatrixPaths; compression: Compression } {
  const dense = planFirstOrder(b.dense, 'jacobian', () => ({
    n: sizeOf(structureOf(x)),
    m: 1,
  })).backend;
  const plan =
    given ??
    planCompression(f, b, x, rest, 'jacobian', dense, { operator: ctx.operator, log: ctx.log });
  const xs = structureOf(x);
  if (plan.partition === 'row') {
    const { y, pullback } = valueAndPullbackFn(f, dense, x, rest, ctx);
    const ys = structureOf(primalDeep(y), 'f(x)');
    checkRows(plan, sizeOf(ys), ctx.operator);
    const products = seeds(plan.colors, plan.count, ys).map((dy) => numbers(pullback(dy), xs));
    return {
      y,
      jacobian: matrix(plan, decompressPlan(plan, products), pathsOf(ys), pathsOf(xs)),
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
  checkRows(plan, sizeOf(ys), ctx.operator);
  const products = tys.map((t) => numbers(t, ys));
  return {
    y,
    jacobian: matrix(plan, decompressPlan(plan, products), pathsOf(ys), pathsOf(xs)),
    compression: plan,
  };
}

/** A Hessian from one Hessian-vector product per color (with the value and gradient), as a CSR matrix. */
export function compressedHessian(
  f: UserFunction,
  b: SparseBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
  given?: Compression,
): { y: Real; gradient: unknown; hessian: SparseMatrix & MatrixPaths; compression: Compression } {
  const { outer, inner } = planSecondOrder(b.dense, 'hessian');
  const plan =
    given ??
    planCompression(f, b, x, rest, 'hessian', outer, { operator: ctx.operator, log: ctx.log });
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
  const products = hvps.map((h) => numbers(h, xs));
  const paths = pathsOf(xs);
  return {
    y,
    gradient,
    hessian: matrix(plan, decompressPlan(plan, products), paths, paths),
    compression: plan,
  };
}
