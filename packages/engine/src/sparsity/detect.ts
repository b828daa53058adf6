import { ActiveCoercionError } from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { OutputShapeError } from '../errors.js';
import { someNode } from '../tree/walk.js';
import { primalDeep } from '../tree/primal-deep.js';
import { flatten, sizeOf, structureOf, type Structure } from '../tree/structure.js';
import type { UserFunction } from '../interpreters/passes.js';
import { BranchRecord } from './branch-record.js';
import { GlobalSparsityError } from './global-sparsity-error.js';
import { SetList, SetListBuilder, type SetSource } from './index-set.js';
import { SparsityInterpreter, plain, type DetectorKind } from '../interpreters/sparsity.js';
import type { SparsityPattern } from './pattern.js';
import { TracerArray, TracerScalar } from '../values/sparsity-tracers.js';

export type { DetectorKind };

/** A pattern, and the branch outcomes it holds under (see branch-record.ts). */
export interface Detection {
  readonly pattern: SparsityPattern;
  readonly record: BranchRecord;
}

/** Where a detection reports from: the operator the user called and the function's name. */
export interface DetectionSite {
  readonly operator: string;
  readonly detector: DetectorKind;
}

/**
 * `x` with every scalar replaced by a tracer depending on its own flat index (none at all in a
 * replay, which only checks branches).
 */
function seed(
  interp: SparsityInterpreter,
  x: unknown,
  s: Structure,
  offset: { k: number } | undefined,
): unknown {
  // A rebuild driven by the input's Structure, as tree/structure.ts's unflatten is.
  const own = (): readonly number[] => (offset === undefined ? [] : [offset.k++]);
  const list = (n: number): SetList => {
    if (offset === undefined) return SetList.empty(n);
    const l = SetList.identity(n, offset.k);
    offset.k += n;
    return l;
  };
  const hessian = interp.settings.hessian;
  switch (s.kind) {
    case 'number':
      return new TracerScalar(interp, x as number, own());
    case 'numbers':
      return (x as number[]).map((v) => new TracerScalar(interp, v, own()));
    case 'float64':
      return new TracerArray(
        interp,
        (x as Float64Array).slice(),
        list(s.length),
        hessian ? SetList.empty(s.length) : undefined,
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

/** Appends the sets (or pairs) of each scalar of an output, in flattening order. */
function collect(y: unknown, out: SetSource[], pairs: boolean): void {
  someNode(y, (node) => {
    if (node instanceof TracerScalar) out.push(pairs ? node.pairSet : node.inputSet);
    else if (node instanceof TracerArray)
      out.push((pairs ? node.pairs() : node.sets()) ?? SetList.empty(node.length));
    else if (typeof node === 'number') out.push([]);
    else if (node instanceof Float64Array) out.push(SetList.empty(node.length));
    else return undefined; // looks inside arrays and plain objects
    return false;
  });
}

/** The rows of a Jacobian pattern: one set per output scalar. */
function jacobianRows(y: unknown, n: number): SparsityPattern {
  const parts: SetSource[] = [];
  collect(y, parts, false);
  // One traced array (the common case at scale): its lists are the pattern, rebased.
  if (parts.length === 1 && parts[0] instanceof SetList) {
    const { ptr, idx, length } = parts[0];
    const base = ptr[0];
    // The lists die with the trace: no copy when they already have the pattern's layout.
    const exact = base === 0 && idx.length === ptr[length] && idx.byteOffset === 0;
    const rowPtr = base === 0 ? ptr : ptr.map((v) => v - base);
    return { rows: length, cols: n, rowPtr, colIdx: exact ? idx : idx.slice(base, ptr[length]) };
  }
  const m = parts.reduce((a, p) => a + (p instanceof SetList ? p.length : 1), 0);
  const b = new SetListBuilder(m, m);
  for (const p of parts) {
    if (p instanceof SetList) for (let i = 0; i < p.length; i++) b.pushFrom(p, i);
    else b.pushSet(p);
  }
  const l = b.done();
  return { rows: m, cols: n, rowPtr: l.ptr, colIdx: l.idx.slice() };
}

/** The symmetric `n × n` pattern of a scalar output's pairs `i * n + j` (`i ≤ j`). */
function hessianPattern(pairs: readonly number[], n: number): SparsityPattern {
  const rowPtr = new Int32Array(n + 1);
  for (const key of pairs) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    rowPtr[i + 1]++;
    if (i !== j) rowPtr[j + 1]++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const next = rowPtr.slice(0, n);
  const colIdx = new Int32Array(rowPtr[n]);
  // Sorted keys give, per row i, first the columns j < i (as the mirror of rows before) in
  // increasing order, then j ≥ i: each row comes out sorted.
  for (const key of pairs) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    colIdx[next[i]++] = j;
    if (i !== j) colIdx[next[j]++] = i;
  }
  return { rows: n, cols: n, rowPtr, colIdx };
}

function functionName(f: UserFunction): string {
  return f.name === '' ? 'f' : f.name;
}

/**
 * Traces `f` at `x` once. A function that cannot carry tracers at all (it converts a traced
 * value to a number) gets the dense pattern, which holds everywhere.
 */
function trace(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  site: DetectionSite,
  hessian: boolean,
  negateComparisons = false,
): Detection {
  const s = structureOf(x);
  const n = sizeOf(s);
  const interp = new SparsityInterpreter({
    detector: site.detector,
    hessian,
    n,
    operator: site.operator,
    functionName: functionName(f),
    negateComparisons,
  });
  let y: unknown;
  try {
    y = withInterpreter(interp, () =>
      f(seed(interp, x, s, { k: 0 }) as never, ...(rest as never[])),
    );
    // A coercion f caught itself hid a dependency: as if it had thrown.
    if (interp.coercions !== 0) throw interp.lastCoercion;
    interp.finish();
  } catch (error) {
    if (
      interp.steps > 0 &&
      !(error instanceof ActiveCoercionError) &&
      !(error instanceof GlobalSparsityError)
    ) {
      // Globally, floor and its kind return tracers, which an index cannot be: most likely what
      // failed. The local detector hands out numbers, and raises the error again if it is f's own.
      const refused = new GlobalSparsityError(site.operator, functionName(f), 'step value');
      Object.defineProperty(refused, 'cause', { value: error });
      throw refused;
    }
    if (!(error instanceof ActiveCoercionError)) throw error;
    const output = primalDeep(f(x as never, ...(rest as never[])));
    const m = flatten(output).length;
    const all = Int32Array.from({ length: n }, (_, j) => j);
    const rows = hessian ? n : m;
    const rowPtr = Int32Array.from({ length: rows + 1 }, (_, i) => i * n);
    const colIdx = new Int32Array(rows * n);
    for (let i = 0; i < rows; i++) colIdx.set(all, i * n);
    return { pattern: { rows, cols: n, rowPtr, colIdx }, record: new BranchRecord() };
  }
  const checked = (pattern: SparsityPattern): Detection => {
    if (interp.comparisons.length > 0 && !negateComparisons)
      flipCheck(pattern, () => trace(f, x, rest, site, hessian, true).pattern, site, f, interp);
    return { pattern, record: interp.record };
  };
  if (!hessian) return checked(jacobianRows(y, n));
  if (!(y instanceof TracerScalar) && typeof y !== 'number') {
    const output = plain(y);
    throw new OutputShapeError(
      `${site.operator}: a Hessian needs a function returning one real number, but ${functionName(f)} returned ${Array.isArray(output) || ArrayBuffer.isView(output) ? 'an array' : 'something else'}.`,
    );
  }
  const pairs = y instanceof TracerScalar ? y.pairSet : [];
  return checked(hessianPattern(pairs, n));
}

/**
 * Globally, every comparison's boolean must reach an `ifElse` (whose pattern is both sides'
 * whatever the boolean), which the tracer checks by count; a boolean that reaches an `ifElse`
 * and also a JavaScript `if` passes that count. So `f` is traced again with every comparison's
 * result negated: an `if` that reads one then usually takes its other side, and a pattern that
 * changes means JavaScript control flow read a comparison. (Combinations of some results
 * negated are not tried: a check, not a proof.)
 */
function flipCheck(
  pattern: SparsityPattern,
  flipped: () => SparsityPattern,
  site: DetectionSite,
  f: UserFunction,
  interp: SparsityInterpreter,
): void {
  let other: SparsityPattern | undefined;
  try {
    other = flipped();
  } catch {
    // f failed with its comparisons negated: its control flow read one of them.
  }
  if (other === undefined || !samePattern(pattern, other)) {
    throw new GlobalSparsityError(site.operator, functionName(f), interp.comparisons[0]);
  }
}

function samePattern(a: SparsityPattern, b: SparsityPattern): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols || a.colIdx.length !== b.colIdx.length) return false;
  for (let i = 0; i < a.rowPtr.length; i++) if (a.rowPtr[i] !== b.rowPtr[i]) return false;
  for (let k = 0; k < a.colIdx.length; k++) if (a.colIdx[k] !== b.colIdx[k]) return false;
  return true;
}

/** The Jacobian sparsity pattern of `f` at `x`, with the branch outcomes it holds under. */
export function detectJacobian(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  site: DetectionSite,
): Detection {
  return trace(f, x, rest, site, false);
}

/** The (symmetric) Hessian sparsity pattern of a scalar `f` at `x`, with its branch outcomes. */
export function detectHessian(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  site: DetectionSite,
): Detection {
  return trace(f, x, rest, site, true);
}

/**
 * Runs `f` at `x` on tracers without sets under the local detector, checking each branch
 * outcome against `recorded`: what differs, or `undefined` when every outcome is the same (then
 * the pattern detected with `recorded` holds at `x`).
 */
export function replayBranches(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  recorded: BranchRecord,
  hessian: boolean,
): string | undefined {
  const s = structureOf(x);
  const interp = new SparsityInterpreter(
    {
      detector: 'local',
      hessian,
      n: sizeOf(s),
      operator: 'replay',
      functionName: functionName(f),
    },
    BranchRecord.checking(recorded),
  );
  try {
    withInterpreter(interp, () => f(seed(interp, x, s, undefined) as never, ...(rest as never[])));
  } catch (error) {
    if (!(error instanceof ActiveCoercionError)) throw error;
    return 'f could not carry tracers at this point';
  }
  return interp.record.differs();
}
