import { ActiveCoercionError, withInterpreter } from '@pullback/rules-core';
import { differentiableKeys, isPlainObject } from '../internal/leaves.js';
import { primalDeep } from '../internal/primal-deep.js';
import { flatten, sizeOf, structureOf, type Structure } from '../internal/structure.js';
import type { UserFunction } from '../passes/run.js';
import { BranchRecord } from './branch-record.js';
import { EMPTY, unionAll, type IndexSet } from './index-set.js';
import { SparsityInterpreter } from './interpreter.js';
import { TracerArray, TracerScalar } from './values.js';

/** A sparsity pattern: for each row (output component), the columns (input components) it may depend on. */
export interface SparsityPattern {
  /** Output components (rows of the Jacobian). */
  readonly rows: number;
  /** Input components (columns of the Jacobian). */
  readonly cols: number;
  /** `entries[i]`: sorted column indices of row `i`. */
  readonly entries: readonly (readonly number[])[];
}

/**
 * `x` with every scalar replaced by a tracer depending on its own flat index, or on nothing
 * when `offset` is `undefined` (a replay that only checks branches needs no sets).
 */
function seed(
  interp: SparsityInterpreter,
  x: unknown,
  s: Structure,
  offset: { k: number } | undefined,
): unknown {
  const own = (): IndexSet => (offset === undefined ? EMPTY : [offset.k++]);
  switch (s.kind) {
    case 'number':
      return new TracerScalar(interp, x as number, own());
    case 'numbers':
      return (x as number[]).map((v) => new TracerScalar(interp, v, own()));
    case 'float64':
      return new TracerArray(
        interp,
        (x as Float64Array).slice(),
        Array.from(x as Float64Array, own),
      );
    case 'tuple':
      return s.items.map((item, i) => seed(interp, (x as unknown[])[i], item, offset));
    case 'record':
      return {
        ...s.constants,
        ...Object.fromEntries(
          s.keys.map((key, i) => [
            key,
            seed(interp, (x as Record<string, unknown>)[key], s.items[i], offset),
          ]),
        ),
      };
  }
}

/** The dependency set of each scalar of an output, in flattening order. */
function rowsOf(interp: SparsityInterpreter, y: unknown): IndexSet[] {
  if (y instanceof TracerScalar) return [y.s];
  if (y instanceof TracerArray) return y.s;
  if (typeof y === 'number') return [EMPTY];
  if (y instanceof Float64Array) return Array.from(y, () => EMPTY);
  if (Array.isArray(y)) return y.flatMap((e) => rowsOf(interp, e));
  if (isPlainObject(y)) return differentiableKeys(y).flatMap((k) => rowsOf(interp, y[k]));
  return [];
}

/** A pattern, and the branch outcomes it holds under (see branch-record.ts). */
export interface Detection {
  readonly pattern: SparsityPattern;
  readonly record: BranchRecord;
}

/**
 * The Jacobian sparsity pattern of `f` at `x`, by running `f` once on tracers, with the branch
 * outcomes it holds under. A function that cannot carry tracers at all gets the dense pattern
 * (every output depends on every input), which holds everywhere.
 */
export function detectJacobian(f: UserFunction, x: unknown, rest: readonly unknown[]): Detection {
  const s = structureOf(x);
  const n = sizeOf(s);
  const interp = new SparsityInterpreter();
  let rows: IndexSet[];
  try {
    rows = withInterpreter(interp, () =>
      rowsOf(interp, f(seed(interp, x, s, { k: 0 }) as never, ...(rest as never[]))),
    );
    // A coercion f caught itself hid a dependency: as if it had thrown.
    if (interp.coercions !== 0) throw interp.lastCoercion;
  } catch (error) {
    if (!(error instanceof ActiveCoercionError)) throw error;
    const m = flatten(primalDeep(f(x as never, ...(rest as never[])))).length;
    const all = Array.from({ length: n }, (_, j) => j);
    rows = Array.from({ length: m }, () => all);
    return { pattern: { rows: m, cols: n, entries: rows }, record: new BranchRecord() };
  }
  return {
    pattern: { rows: rows.length, cols: n, entries: rows.map((r) => r.slice()) },
    record: interp.record,
  };
}

/**
 * Runs `f` at `x` on tracers without index sets, checking each branch outcome against
 * `recorded`: what differs, or `undefined` when every outcome is the same (then the pattern
 * detected with `recorded` holds at `x`).
 */
export function replayBranches(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  recorded: BranchRecord,
): string | undefined {
  const interp = new SparsityInterpreter(BranchRecord.checking(recorded));
  try {
    withInterpreter(interp, () =>
      f(seed(interp, x, structureOf(x), undefined) as never, ...(rest as never[])),
    );
  } catch (error) {
    if (!(error instanceof ActiveCoercionError)) throw error;
    return 'f could not carry tracers at this point';
  }
  return interp.record.differs();
}

/** The Jacobian sparsity pattern of `f` at `x` (see `detectJacobian`). */
export function jacobianSparsity(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[] = [],
): SparsityPattern {
  return detectJacobian(f, x, rest).pattern;
}

/** Number of structural non-zeros in a pattern. */
export function nonZeros(p: SparsityPattern): number {
  return p.entries.reduce((a, r) => a + r.length, 0);
}

/** The union of the rows' columns (which inputs matter at all). */
export function usedColumns(p: SparsityPattern): IndexSet {
  return unionAll(p.entries);
}
