// Over 400 lines: one interpreter, whose operations share the set algebra and the two detectors' rules.
import {
  ActiveCoercionError,
  isActive,
  type DifferentiableFunction,
  type Real,
} from '@pullback/rules-core';
import {
  recordOf,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core/interpreter';
import {
  abs,
  add,
  at,
  ceil,
  clamp,
  concat,
  det,
  div,
  eq,
  floor,
  ge,
  gt,
  ifElse,
  le,
  logdet,
  logsumexp,
  lt,
  map,
  map2,
  max,
  min,
  mul,
  ne,
  neg,
  round,
  setAt,
  sign,
  similar,
  slice,
  softmax,
  sub,
  sum,
  zerosLike,
} from '@pullback/rules-core/math';
import { checkIndex } from './check-index.js';
import { DESCEND, isBranch, mapLeaves, someNode } from '../tree/walk.js';
import { DECLINED, type StructuralHandler } from './structural.js';
import { CoercionLog } from '../fallback/coercions.js';
import { primalDeep } from '../tree/primal-deep.js';
import { BranchRecord } from '../sparsity/branch-record.js';
import { GlobalSparsityError } from '../sparsity/global-sparsity-error.js';
import {
  EMPTY,
  SetList,
  union,
  unionAll,
  unionLists,
  type IndexSet,
  type SetSource,
} from '../sparsity/index-set.js';
import { crossPairs, squarePairs } from '../sparsity/pairs.js';
import { TracerArray, TracerScalar, type ValueReads } from '../values/sparsity-tracers.js';

/** Comparisons: plain booleans, of zero derivative. */
const COMPARISONS = new Set<unknown>([lt, le, gt, ge, eq, ne]);
/** Piecewise-constant functions: derivative zero wherever it exists. */
const STEPS = new Set<unknown>([floor, ceil, round, sign]);
/**
 * Functions each of whose outputs depends on all of their inputs at every point. Their bodies
 * read values for numerical reasons only (softmax's shift by the maximum, det's pivoting), which
 * would look like branches; their pattern is known without running them.
 */
const DENSE = new Set<unknown>([softmax, logsumexp, det, logdet]);
/** What the scalar fast paths leave to `apply`. */
const SPECIAL = new Set<unknown>([...COMPARISONS, ...STEPS, ...DENSE, ifElse]);
/** Linear in every argument: no second-order terms. */
const LINEAR = new Set<unknown>([add, sub, neg]);
/**
 * Piecewise linear: a choice between linear pieces, so no second-order terms, and where a
 * partial is zero at a point it is zero around it (the local detector drops that argument).
 */
const PIECEWISE_LINEAR = new Set<unknown>([max, min, abs, clamp]);

/** Which pattern a trace finds: valid everywhere (`'global'`) or at this point (`'local'`). */
export type DetectorKind = 'global' | 'local';

/** How a trace runs. */
export interface TraceSettings {
  readonly detector: DetectorKind;
  /** Track second-order pairs too (Hessian patterns). */
  readonly hessian: boolean;
  /** Number of inputs: pairs are encoded as `i * n + j` with `i ≤ j`. */
  readonly n: number;
  /** The operator and function named in a `GlobalSparsityError`. */
  readonly operator: string;
  readonly functionName: string;
  /**
   * Global: hand out the opposite of every comparison's result. A second trace so made gives the
   * same pattern unless JavaScript control flow reads a comparison (see detect.ts).
   */
  readonly negateComparisons?: boolean;
}

/**
 * The sparsity tracer (SparseConnectivityTracer's idea, shown in the talk): every value carries
 * the set of inputs it may depend on (and, for Hessians, the set of input pairs its second
 * derivative may involve); each operation combines its operands' sets.
 *
 * The global detector ignores values: a product depends on both factors, `ifElse` on both
 * branches, so the pattern holds everywhere; a `primal()` read, or a comparison whose result
 * reaches JavaScript control flow (it never reaches an `ifElse`), makes that impossible and is a
 * `GlobalSparsityError`. The local detector uses the values at the point: it keeps the branch
 * taken and drops arguments whose partial is zero there (`mul(x, 0)`, the losing side of `max`),
 * and notes in `record` every outcome the pattern depends on (see branch-record.ts), so that a
 * prepared pattern can be checked at a new point. The engine's own reads of values use `value` and
 * `plain`, never `primal()`.
 */
export class SparsityInterpreter extends CoercionLog implements Interpreter, ValueReads {
  readonly mode = 'sparsity';
  level = -1;
  /** Global: how many results of `floor`, `sign`, … were handed out as tracers. */
  steps = 0;
  /** Global: comparisons of traced values whose result has not yet reached an `ifElse`. */
  private readonly pending: string[] = [];
  /** Global: the comparisons made, in order (their names). */
  readonly comparisons: string[] = [];

  constructor(
    readonly settings: TraceSettings,
    readonly record: BranchRecord = new BranchRecord(),
  ) {
    super();
    this.plainSets = settings.detector === 'global' && !settings.hessian;
  }

  private get local(): boolean {
    return this.settings.detector === 'local';
  }

  /** Global Jacobian detection: values never matter, pairs are not tracked. */
  private readonly plainSets: boolean;

  private refuse(reason: string): never {
    throw new GlobalSparsityError(this.settings.operator, this.settings.functionName, reason);
  }

  read(value: number | Float64Array): void {
    if (!this.local) this.refuse('primal() read');
    this.record.note('read', 'primal', value);
  }

  /** After the trace: a comparison that never reached an `ifElse` went to JavaScript control flow. */
  finish(): void {
    if (this.pending.length > 0) this.refuse(this.pending[0]);
  }

  apply1(f: DifferentiableFunction, a: unknown): unknown {
    const rec = recordOf(f) as DifferentiableRecord;
    if (rec.partials !== undefined && a instanceof TracerScalar && !SPECIAL.has(f)) {
      if (this.plainSets) {
        return new TracerScalar(this, (rec.body as (a: number) => number)(a.value), a.inputSet);
      }
      return this.scalarOp(f, rec, [a]);
    }
    return this.apply(f, [a]);
  }

  apply2(f: DifferentiableFunction, a: unknown, b: unknown): unknown {
    if (f === at && a instanceof TracerArray && typeof b === 'number') return this.at(a, b);
    const rec = recordOf(f) as DifferentiableRecord;
    if (rec.partials !== undefined && !SPECIAL.has(f)) {
      const ta = a instanceof TracerScalar;
      const tb = b instanceof TracerScalar;
      if ((ta || typeof a === 'number') && (tb || typeof b === 'number')) {
        if (this.plainSets) {
          // The hot path of scalar loops under the global Jacobian detector: no partials, no arrays.
          const y = (rec.body as (a: number, b: number) => number)(
            ta ? a.value : (a as number),
            tb ? b.value : (b as number),
          );
          const s = ta
            ? tb
              ? union(a.inputSet, b.inputSet)
              : a.inputSet
            : (b as TracerScalar).inputSet;
          return new TracerScalar(this, y, s);
        }
        return this.scalarOp(f, rec, [a as TracerScalar | number, b as TracerScalar | number]);
      }
    }
    return this.apply(f, [a, b]);
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const rec = recordOf(f) as DifferentiableRecord;
    if (COMPARISONS.has(f)) {
      const y = plain(rec.body(...(args.map(plain) as never[])));
      if (this.local) {
        this.record.note('result', rec.name, y);
        return y;
      }
      this.pending.push(rec.name);
      this.comparisons.push(rec.name);
      if (!this.settings.negateComparisons) return y;
      return typeof y === 'boolean' ? !y : Array.isArray(y) ? y.map((b) => !b) : y;
    }
    if (STEPS.has(f)) {
      const y = plain(rec.body(...(args.map(plain) as never[])));
      if (this.local) {
        this.record.note('result', rec.name, y);
        return y;
      }
      // Globally the value is still x's: carried by a tracer of no dependency, so JavaScript
      // cannot branch on it unseen.
      this.steps++;
      return this.lift(y, EMPTY, EMPTY);
    }
    if (f === ifElse) return this.ifElse(rec, args);
    if (DENSE.has(f)) return this.dense(rec, args);
    const structural = SparsityInterpreter.structural.get(f);
    if (structural !== undefined) {
      const r = structural(this, f, rec, args);
      if (r !== DECLINED) return r;
    }
    if (rec.partials !== undefined) {
      if (args.every((a) => a instanceof TracerScalar || typeof a === 'number')) {
        return this.scalarOp(f, rec, args as (TracerScalar | number)[]);
      }
      return this.elementwise(f, rec, args);
    }
    const before = this.coercions;
    try {
      const y = rec.body(...(args as never[]));
      if (this.coercions === before) return y;
    } catch (error) {
      if (!(error instanceof ActiveCoercionError) && !(error instanceof TypeError)) throw error;
    }
    // A body that cannot carry tracers (or caught a coercion of one and carried on): every
    // output may depend on every traced input, nonlinearly.
    this.coercions = before;
    return this.dense(rec, args);
  }

  /** Every output depends on every input, with every pair among them. */
  private dense(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const s = unionAll(args.map((a) => this.setOf(a)));
    const h = this.settings.hessian
      ? union(unionAll(args.map((a) => this.pairsOf(a))), squarePairs(s, this.settings.n))
      : EMPTY;
    return this.lift(plain(rec.body(...(args.map(plain) as never[]))), s, h);
  }

  /**
   * Which arguments the local detector keeps: those whose partial at the point is non-zero. For
   * Hessians only where the zero holds around the point too (a piecewise-linear choice, or a
   * product with the constant 0): `square(x)` at 0 has a zero partial but not a zero Hessian.
   * Every drop is noted, so a prepared pattern is checked again at a new point.
   */
  private kept(
    f: unknown,
    rec: DifferentiableRecord,
    values: readonly number[],
    y: number,
    traced: readonly boolean[],
  ): boolean[] | undefined {
    if (!this.local) return undefined;
    const partials = (rec.partials as (...a: unknown[]) => readonly Real[])(...values, y);
    let dropped = false;
    const keep = traced.map((t, k) => {
      if (!t || partials[k] !== 0) return true;
      if (this.settings.hessian) {
        const constantZero =
          f === mul && traced.length === 2 && !traced[1 - k] && values[1 - k] === 0;
        if (!PIECEWISE_LINEAR.has(f) && !constantZero) return true;
      }
      dropped = true;
      return false;
    });
    if (!dropped) return undefined;
    this.record.note('result', `zero partial of ${rec.name}`, keep.map(Number));
    return keep;
  }

  /** A scalar function with partials on scalars: the hot path of scalar loops. */
  private scalarOp(
    f: unknown,
    rec: DifferentiableRecord,
    args: readonly (TracerScalar | number)[],
  ): TracerScalar {
    const values = args.map((a) => (typeof a === 'number' ? a : a.value));
    const y = (rec.body as (...a: number[]) => number)(...values);
    const keep = this.kept(
      f,
      rec,
      values,
      y,
      args.map((a) => typeof a !== 'number'),
    );
    let s: IndexSet = EMPTY;
    let h: IndexSet = EMPTY;
    const sets: IndexSet[] = [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (typeof a === 'number' || (keep !== undefined && !keep[k])) {
        sets.push(EMPTY);
        continue;
      }
      s = union(s, a.inputSet);
      if (this.settings.hessian) h = union(h, a.pairSet);
      sets.push(a.inputSet);
    }
    if (this.settings.hessian) h = union(h, this.secondOrder(f, sets, s));
    return new TracerScalar(this, y, s, h);
  }

  /**
   * The pairs an operation adds, from each argument's kept set (`EMPTY` for a constant or a
   * dropped argument) and their union `s`: none for linear functions, the cross terms for a
   * product, and every pair of `s` for anything else (a superset, valid everywhere).
   */
  private secondOrder(f: unknown, sets: readonly IndexSet[], s: IndexSet): IndexSet {
    const n = this.settings.n;
    if (s.length === 0 || LINEAR.has(f) || PIECEWISE_LINEAR.has(f)) return EMPTY;
    if (f === mul && sets.length === 2) return crossPairs(sets[0], sets[1], n);
    if (f === div && sets.length === 2) {
      return union(crossPairs(sets[0], sets[1], n), squarePairs(sets[1], n));
    }
    return squarePairs(s, n);
  }

  private ifElse(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const [cond, a, b] = args;
    if (this.local) this.record.note('condition', 'ifElse', cond);
    else this.pending.pop();
    const y = plain(rec.body(...(args.map(plain) as never[])));
    const taken = (k: number, i: number): boolean =>
      !this.local || (k === 0) === (typeof cond === 'boolean' ? cond : (cond as boolean[])[i]);
    if (typeof y === 'number') {
      const s = union(taken(0, 0) ? this.setOf(a) : EMPTY, taken(1, 0) ? this.setOf(b) : EMPTY);
      const h = this.settings.hessian
        ? union(taken(0, 0) ? this.pairsOf(a) : EMPTY, taken(1, 0) ? this.pairsOf(b) : EMPTY)
        : EMPTY;
      return new TracerScalar(this, y, s, h);
    }
    const v = Float64Array.from(y as ArrayLike<number>);
    const s = unionLists([this.elementSets(a), this.elementSets(b)], v.length, taken);
    const h = this.settings.hessian
      ? unionLists([this.elementPairs(a), this.elementPairs(b)], v.length, taken)
      : undefined;
    return new TracerArray(this, v, s, h);
  }

  /**
   * The structural operations this interpreter runs itself, by vocabulary function: one lookup
   * instead of a chain of comparisons. `DECLINED` sends the call down the generic path.
   */
  private static readonly structural = new Map<unknown, StructuralHandler<SparsityInterpreter>>([
    [at, (i, _f, _rec, args) => i.at(args[0], args[1] as number)],
    [
      setAt,
      (i, _f, _rec, args) =>
        args[0] instanceof TracerArray ? i.setAt(args[0], args[1] as number, args[2]) : DECLINED,
    ],
    [similar, (_i, _f, rec, args) => rec.body(...(args as never[]))],
    [zerosLike, (_i, _f, rec, args) => rec.body(...(args as never[]))],
    [
      slice,
      (i, _f, _rec, args) =>
        args[0] instanceof TracerArray
          ? i.slice(args[0], args[1] as number, args[2] as number | undefined)
          : DECLINED,
    ],
    [concat, (i, _f, _rec, args) => i.concat(args)],
    [sum, (i, _f, _rec, args) => i.sumOf(args[0])],
    [map, (i, _f, _rec, args) => i.mapped(args)],
    [map2, (i, _f, _rec, args) => i.mapped(args)],
  ]);

  /** `sum(x)`: its value, and every dependency (and pair) of `x`. */
  private sumOf(x: unknown): TracerScalar {
    return new TracerScalar(
      this,
      sum(plain(x) as never) as number,
      this.setOf(x),
      this.settings.hessian ? this.pairsOf(x) : EMPTY,
    );
  }

  /** The dependency set of a whole argument. */
  setOf(x: unknown): IndexSet {
    return unionOfTracers(x, (t) => (t instanceof TracerScalar ? t.inputSet : t.sets().all()));
  }

  /** The second-order pairs of a whole argument. */
  pairsOf(x: unknown): IndexSet {
    return unionOfTracers(x, (t) =>
      t instanceof TracerScalar ? t.pairSet : (t.pairs()?.all() ?? EMPTY),
    );
  }

  /** The dependency set of each element of an argument (a scalar's is broadcast). */
  elementSets(x: unknown): SetSource {
    if (x instanceof TracerArray) return x.sets();
    if (Array.isArray(x)) return SetList.of(x.map((e) => this.setOf(e)));
    if (x instanceof Float64Array) return EMPTY;
    return this.setOf(x);
  }

  /** The second-order pairs of each element of an argument (a scalar's are broadcast). */
  elementPairs(x: unknown): SetSource {
    if (x instanceof TracerArray) return x.pairs() ?? EMPTY;
    if (Array.isArray(x)) return SetList.of(x.map((e) => this.pairsOf(e)));
    if (x instanceof Float64Array) return EMPTY;
    return this.pairsOf(x);
  }

  /** A plain value with every real leaf depending on `s` (pairs `h`). */
  lift(y: unknown, s: IndexSet, h: IndexSet): unknown {
    // A matrix's rows and cols stay numbers: only its data is traced.
    return mapLeaves(y, (node) => {
      if (typeof node === 'number') return new TracerScalar(this, node, s, h);
      if (node instanceof Float64Array) {
        return new TracerArray(
          this,
          Float64Array.from(node),
          SetList.constant(node.length, s),
          this.settings.hessian ? SetList.constant(node.length, h) : undefined,
        );
      }
      return DESCEND;
    });
  }

  private at(x: unknown, i: number): unknown {
    if (x instanceof TracerArray) {
      checkIndex('at', i, x.length);
      return new TracerScalar(this, x.value[i], x.elementSet(i), x.elementPairs(i));
    }
    return (recordOf(at) as DifferentiableRecord).body(...([x, i] as never[]));
  }

  private setAt(x: TracerArray, i: number, value: unknown): TracerArray {
    checkIndex('setAt', i, x.length);
    x.write(i, plain(value) as number, this.setOf(value), this.pairsOf(value));
    return x;
  }

  private slice(x: TracerArray, start: number, end: number | undefined): TracerArray {
    const e = end ?? x.length;
    const h = x.pairs();
    return new TracerArray(
      this,
      // A view: the values are copied only when either side is written to (setAt).
      (x.markShared(), x.value.subarray(start, e)),
      x.sets().slice(start, e),
      h === undefined ? undefined : h.slice(start, e),
      true,
    );
  }

  private concat(args: readonly unknown[]): TracerArray {
    const values: number[] = [];
    const sets: IndexSet[] = [];
    const pairs: IndexSet[] = [];
    for (const a of args) {
      const p = plain(a);
      const count = typeof p === 'number' ? 1 : (p as ArrayLike<number>).length;
      if (typeof p === 'number') values.push(p);
      else values.push(...Array.from(p as ArrayLike<number>));
      const s = this.elementSets(a);
      const h = this.elementPairs(a);
      for (let i = 0; i < count; i++) {
        sets.push(s instanceof SetList ? s.get(i) : s);
        if (this.settings.hessian) pairs.push(h instanceof SetList ? h.get(i) : h);
      }
    }
    return new TracerArray(
      this,
      Float64Array.from(values),
      SetList.of(sets),
      this.settings.hessian ? SetList.of(pairs) : undefined,
    );
  }

  /** Elementwise functions on arrays: each output element depends on the same element of each argument. */
  private elementwise(f: unknown, rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const values = args.map(plain);
    const y = rec.body(...(values as never[]));
    if (typeof y === 'number') return this.dense(rec, args);
    // The body's result is fresh: kept as the values unless it is not a Float64Array.
    const out =
      y instanceof Float64Array && !values.includes(y)
        ? y
        : Float64Array.from(y as ArrayLike<number>);
    const n = out.length;
    const sources = args.map((a) => this.elementSets(a));
    const traced = args.map((a) => isActive(a) || (Array.isArray(a) && a.some(isActive)));
    let keep: ((k: number, i: number) => boolean) | undefined;
    if (this.local) {
      const masks = Array.from({ length: n }, (_, i) =>
        this.kept(
          f,
          rec,
          values.map((v) => (typeof v === 'number' ? v : (v as ArrayLike<number>)[i])),
          out[i],
          traced,
        ),
      );
      keep = (k, i) => masks[i]?.[k] ?? true;
    }
    const s = unionLists(sources, n, keep);
    if (!this.settings.hessian) return new TracerArray(this, out, s);
    const pairSources = args.map((a) => this.elementPairs(a));
    const inherited = unionLists(pairSources, n, keep);
    const all: IndexSet[] = [];
    for (let i = 0; i < n; i++) {
      const kept = sources.map((src, k) =>
        keep === undefined || keep(k, i) ? (src instanceof SetList ? src.get(i) : src) : EMPTY,
      );
      all.push(union(inherited.get(i), this.secondOrder(f, kept, s.get(i))));
    }
    return new TracerArray(this, out, s, SetList.of(all));
  }

  /** `map`/`map2`: the kernel traced element by element. */
  private mapped(args: readonly unknown[]): TracerArray {
    const [fn, ...data] = args as [(...xs: Real[]) => Real, ...unknown[]];
    // Scalars (an active one too: it has no length) are broadcast; two scalars give one element.
    const lengths = data.flatMap((d) =>
      (isActive(d) && 'length' in d) || Array.isArray(d) || d instanceof Float64Array
        ? [(d as { length: number }).length]
        : [],
    );
    const n = lengths.length > 0 ? Math.max(...lengths) : 1;
    const values = new Float64Array(n);
    const sets: IndexSet[] = [];
    const pairs: IndexSet[] = [];
    for (let i = 0; i < n; i++) {
      const xs = data.map((d) =>
        isActive(d) && !('length' in d) ? d : typeof d === 'number' ? d : at(d as never, i),
      );
      const r = fn(...(xs as Real[]));
      values[i] = plain(r) as number;
      sets.push(this.setOf(r));
      if (this.settings.hessian) pairs.push(this.pairsOf(r));
    }
    return new TracerArray(
      this,
      values,
      SetList.of(sets),
      this.settings.hessian ? SetList.of(pairs) : undefined,
    );
  }
}

/** `x` with tracers replaced by their values without noting a read; other levels by `primalDeep`. */
export function plain(x: unknown): unknown {
  return mapLeaves(x, plainNode);
}

function plainNode(x: unknown): unknown {
  if (x instanceof TracerScalar || x instanceof TracerArray) return x.value;
  // An array with nothing inside to strip is kept, not copied.
  if (Array.isArray(x) && !x.some((e) => typeof e === 'object' && e !== null)) return x;
  if (isBranch(x)) return DESCEND;
  return isActive(x) ? primalDeep(x) : x;
}

/** The union of `read` over the tracers in `x` (through its arrays and plain objects). */
function unionOfTracers(x: unknown, read: (t: TracerScalar | TracerArray) => IndexSet): IndexSet {
  if (x instanceof TracerScalar || x instanceof TracerArray) return read(x);
  const sets: IndexSet[] = [];
  someNode(x, (node) => {
    if (!(node instanceof TracerScalar || node instanceof TracerArray)) return undefined;
    sets.push(read(node));
    return false;
  });
  return unionAll(sets);
}
