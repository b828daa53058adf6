import {
  ActiveCoercionError,
  isActive,
  recordOf,
  type DifferentiableFunction,
  type DifferentiableRecord,
  type Interpreter,
  type Real,
} from '@pullback/rules-core';
import {
  at,
  ceil,
  concat,
  det,
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
  ne,
  round,
  setAt,
  sign,
  similar,
  slice,
  softmax,
  sum,
  zerosLike,
} from '@pullback/rules-core/math';
import { checkIndex } from '../internal/check-index.js';
import { CoercionLog } from '../internal/coercions.js';
import { isPlainObject } from '../internal/leaves.js';
import { primalDeep } from '../internal/primal-deep.js';
import { BranchRecord } from './branch-record.js';
import { EMPTY, unionAll, type IndexSet } from './index-set.js';
import { TracerArray, TracerScalar, type ValueReads } from './values.js';

/** Functions whose derivative is zero wherever it exists: their outputs depend on nothing. */
const ZERO_DERIVATIVE = new Set<unknown>([floor, ceil, round, sign, lt, le, gt, ge, eq, ne]);

/**
 * Functions each of whose outputs depends on all of their inputs at every point. Their bodies
 * read values for numerical reasons only (softmax's shift by the maximum, det's pivoting), which
 * would look like branches to a prepared pattern; their pattern is known without running them.
 */
const DENSE = new Set<unknown>([softmax, logsumexp, det, logdet]);

/**
 * The sparsity tracer (SparseConnectivityTracer's idea, shown in the talk): every value carries
 * the set of inputs it may depend on, and each operation unions the sets of its operands.
 * Values are carried too, so control flow on `primal(x)` works; the sets themselves ignore
 * values (a product depends on both factors even where one is zero), so a pattern detected at
 * one point holds at every point that takes the same branches. What decides the branches is
 * noted in `record` (see branch-record.ts): so the engine's own reads of values use `v`, and
 * `plain`, never `primal()`.
 */
export class SparsityInterpreter extends CoercionLog implements Interpreter, ValueReads {
  readonly mode = 'sparsity';
  level = -1;

  constructor(readonly record: BranchRecord = new BranchRecord()) {
    super();
  }

  read(value: number | Float64Array): void {
    this.record.note('read', 'primal', value);
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const rec = recordOf(f) as DifferentiableRecord;
    if (ZERO_DERIVATIVE.has(f)) {
      const y = plain(rec.body(...(args.map(plain) as never[])));
      this.record.note('result', rec.name, y);
      return y;
    }
    if (f === ifElse) this.record.note('condition', 'ifElse', args[0]);
    if (DENSE.has(f)) {
      return this.lift(
        plain(rec.body(...(args.map(plain) as never[]))),
        unionAll(args.map((a) => this.setOf(a))),
      );
    }
    if (f === at) return this.at(args[0], args[1] as number);
    if (f === setAt && args[0] instanceof TracerArray)
      return this.setAt(args[0], args[1] as number, args[2]);
    if (f === similar || f === zerosLike) return rec.body(...(args as never[]));
    if (f === slice && args[0] instanceof TracerArray)
      return this.slice(args[0], args[1] as number, args[2] as number | undefined);
    if (f === concat) return this.concat(args);
    if (f === sum)
      return new TracerScalar(
        this,
        sum(plain(args[0]) as never) as number,
        unionAll(this.elementSets(args[0])),
      );
    if (f === map || f === map2) return this.mapped(args);
    if (rec.partials !== undefined) return this.elementwise(rec, args);
    const before = this.coercions;
    try {
      const y = rec.body(...(args as never[]));
      if (this.coercions === before) return y;
    } catch (error) {
      if (!(error instanceof ActiveCoercionError) && !(error instanceof TypeError)) throw error;
    }
    // A body that cannot carry tracers (or caught a coercion of one and carried on): every
    // output may depend on every traced input.
    this.coercions = before;
    return this.lift(
      plain(rec.body(...(args.map(plain) as never[]))),
      unionAll(args.map((a) => this.setOf(a))),
    );
  }

  /** The dependency set of a whole argument. */
  setOf(x: unknown): IndexSet {
    if (x instanceof TracerScalar) return x.s;
    if (x instanceof TracerArray) return unionAll(x.s);
    if (Array.isArray(x)) return unionAll(x.map((e) => this.setOf(e)));
    if (isPlainObject(x)) return unionAll(Object.values(x).map((e) => this.setOf(e)));
    return EMPTY;
  }

  /** The dependency set of each element of an array argument. */
  elementSets(x: unknown): IndexSet[] {
    if (x instanceof TracerArray) return x.s;
    if (Array.isArray(x)) return x.map((e) => this.setOf(e));
    if (x instanceof Float64Array) return Array.from(x, () => EMPTY);
    return [this.setOf(x)];
  }

  /** A plain value with every real leaf depending on `s`. */
  lift(y: unknown, s: IndexSet): unknown {
    if (typeof y === 'number') return new TracerScalar(this, y, s);
    if (y instanceof Float64Array)
      return new TracerArray(
        this,
        y,
        Array.from(y, () => s),
      );
    if (Array.isArray(y)) return y.map((e) => this.lift(e, s));
    if (isPlainObject(y))
      return Object.fromEntries(Object.entries(y).map(([k, v]) => [k, this.lift(v, s)]));
    return y;
  }

  private at(x: unknown, i: number): unknown {
    if (x instanceof TracerArray) {
      checkIndex('at', i, x.length);
      return new TracerScalar(this, x.v[i], x.s[i]);
    }
    return (recordOf(at) as DifferentiableRecord).body(...([x, i] as never[]));
  }

  private setAt(x: TracerArray, i: number, value: unknown): TracerArray {
    checkIndex('setAt', i, x.length);
    const v = x.v.slice();
    v[i] = plain(value) as number;
    const s = x.s.slice();
    s[i] = this.setOf(value);
    x.v = v;
    x.s = s;
    return x;
  }

  private slice(x: TracerArray, start: number, end: number | undefined): TracerArray {
    const e = end ?? x.length;
    return new TracerArray(this, x.v.slice(start, e), x.s.slice(start, e));
  }

  private concat(args: readonly unknown[]): TracerArray {
    const values: number[] = [];
    const sets: IndexSet[] = [];
    for (const a of args) {
      const p = plain(a);
      if (typeof p === 'number') values.push(p);
      else values.push(...Array.from(p as ArrayLike<number>));
      sets.push(...this.elementSets(a));
    }
    return new TracerArray(this, Float64Array.from(values), sets);
  }

  /** Elementwise functions: each output element depends on the same element of each argument. */
  private elementwise(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const y = rec.body(...(args.map(plain) as never[]));
    if (typeof y === 'number')
      return new TracerScalar(this, y, unionAll(args.map((a) => this.setOf(a))));
    const out = y as Float64Array;
    const perArg = args.map((a) =>
      a instanceof TracerArray || Array.isArray(a) ? this.elementSets(a) : undefined,
    );
    const sets = Array.from(out, (_, i) =>
      unionAll(
        args.map((a, k) =>
          perArg[k] !== undefined ? (perArg[k] as IndexSet[])[i] : this.setOf(a),
        ),
      ),
    );
    return new TracerArray(this, Float64Array.from(out), sets);
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
    for (let i = 0; i < n; i++) {
      const xs = data.map((d) =>
        isActive(d) && !('length' in d) ? d : typeof d === 'number' ? d : at(d as never, i),
      );
      const r = fn(...(xs as Real[]));
      values[i] = plain(r) as number;
      sets.push(r instanceof TracerScalar ? r.s : this.setOf(r));
    }
    return new TracerArray(this, values, sets);
  }
}

/** `x` with tracers replaced by their values without noting a read; other levels by `primalDeep`. */
function plain(x: unknown): unknown {
  if (x instanceof TracerScalar || x instanceof TracerArray) return x.v;
  if (Array.isArray(x))
    return x.some((e) => typeof e === 'object' && e !== null) ? x.map(plain) : x;
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = plain(x[k]);
    return out;
  }
  return isActive(x) ? primalDeep(x) : x;
}
