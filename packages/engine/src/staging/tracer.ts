import { isActive, type DifferentiableFunction, type Real } from '@pullback/rules-core';
import { recordOf, type DifferentiableRecord } from '@pullback/rules-core/interpreter';
import * as m from '@pullback/rules-core/math';
import { planKernel } from './map-kernels/kernel-plan.js';
import { kernelValues } from './kernel-values.js';
import { primitiveOf, type Primitive } from '../primitives/primitives.js';
import { sliceBounds } from '../interpreters/slice-bounds.js';
import { Builder, type Elementwise, type View } from './builder.js';
import type { CallArgument, Comparison } from './program.js';
import { isMatrixLike } from '../tree/leaves.js';
import { StagedArray, StagedScalar, type PrimalWatcher } from './staged-values.js';

/** Why a function cannot be staged; the preparation then stays eager and says so. */
export class NotStaged extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const comparisons = new Map<unknown, Comparison>([
  [m.lt, 'lt'],
  [m.le, 'le'],
  [m.gt, 'gt'],
  [m.ge, 'ge'],
  [m.eq, 'eq'],
  [m.ne, 'ne'],
]);

/** A scalar operand: an SSA id. An array operand: a view. */
type Operand = { readonly scalar: number } | View;

/**
 * The interpreter that stages a function: each vocabulary call on staged values appends
 * statements to the program (and computes their values at the traced point, so the function's
 * own JavaScript keeps running on real numbers). What it cannot stage soundly throws
 * `NotStaged` with the reason.
 */
export class StagingTracer implements PrimalWatcher {
  readonly mode = 'staging';
  level = -1;
  readonly builder = new Builder();
  /** Set when user code read a staged value's number: the trace may depend on it. */
  primalReads = 0;
  private readonly captured = new WeakMap<object, number>();
  /** Comparisons not yet consumed by an `ifElse`, innermost last. */
  private readonly pending: { id: number; outcome: boolean; k: number }[] = [];
  /** Every comparison's id (-1 for an elementwise one), in trace order. */
  readonly comparisons: number[] = [];
  /** Elementwise comparisons' results, by the array user code holds, with their positions. */
  private readonly conditions = new WeakMap<object, { view: View; k: number }>();
  /** The positions of elementwise comparisons (they have no single guard). */
  readonly elementwise: number[] = [];
  /** The positions (in trace order) of comparisons an `ifElse` consumed. */
  readonly selected: number[] = [];

  /** `flip`: positions of comparisons to report the other outcome of (see `Builder.cmp`). */
  constructor(private readonly flip: ReadonlySet<number> = new Set()) {
    const add = primitiveOf(m.add as unknown as DifferentiableFunction);
    const mul = primitiveOf(m.mul as unknown as DifferentiableFunction);
    if (add === undefined || mul === undefined) throw new Error('add and mul are primitives');
    this.builder.add = add;
    this.builder.mul = mul;
  }

  primalRead(): void {
    this.primalReads++;
  }

  scalar(id: number): StagedScalar {
    return new StagedScalar(this, id, this.builder.value(id));
  }

  array(view: View): StagedArray {
    const c = this.builder.contents[view.buffer];
    return new StagedArray(this, view, c.subarray(view.offset, view.offset + view.length));
  }

  /**
   * `apply(f, [a])` for `a` of this trace: a scalar primitive is staged here with no argument
   * array (a traced scalar loop is mostly these and `apply2`).
   */
  apply1(f: DifferentiableFunction, a: unknown): unknown {
    const p = primitiveOf(f);
    if (p !== undefined && p.arity === 1 && a instanceof StagedScalar && a.owner === this) {
      const y = this.builder.prim2(p, a.id, -1);
      return new StagedScalar(this, y, this.builder.value(y));
    }
    return this.apply(f, [a]);
  }

  /** `apply(f, [a, b])` for numbers and values of this trace: scalar primitives and `at` first. */
  apply2(f: DifferentiableFunction, a: unknown, b: unknown): unknown {
    const p = primitiveOf(f);
    if (p !== undefined) {
      if (p.arity === 2 && (typeof a === 'number' || this.owns(a))) {
        if (typeof b === 'number' || this.owns(b)) {
          // Constants in argument order, as `primitive` makes them.
          const ia = typeof a === 'number' ? this.builder.constant(a) : a.id;
          const ib = typeof b === 'number' ? this.builder.constant(b) : b.id;
          const y = this.builder.prim2(p, ia, ib);
          return new StagedScalar(this, y, this.builder.value(y));
        }
      }
    } else if (
      f === (m.at as unknown) &&
      a instanceof StagedArray &&
      a.owner === this &&
      typeof b === 'number'
    ) {
      return this.at2(a, b);
    }
    return this.apply(f, [a, b]);
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const p = primitiveOf(f);
    if (p !== undefined && args.length === p.arity) return this.primitive(p, args);
    const rec = recordOf(f) as DifferentiableRecord;
    const cmp = comparisons.get(f);
    if (cmp !== undefined) return this.comparison(cmp, args);
    switch (f as unknown) {
      case m.at:
        return this.at(args);
      case m.slice:
        return this.slice(args);
      case m.setAt:
        return this.setAt(args);
      case m.sum:
        return this.scalar(this.builder.sum(this.view(args[0], 'sum')));
      case m.dot:
        return this.scalar(this.builder.dot(this.view(args[0], 'dot'), this.view(args[1], 'dot')));
      case m.map:
      case m.map2:
        return this.map(rec, args);
      case m.ifElse:
        return this.ifElse(args);
      case m.similar:
      case m.zerosLike:
        return rec.body(...(args as never[]));
    }
    if (rec.partials !== undefined && args.every((a) => this.isScalar(a)))
      return this.rule(rec, args);
    if (rec.frule === undefined && rec.rrule === undefined) return rec.body(...(args as never[]));
    return this.call(rec, args);
  }

  /** A function with rules: called through them by the generated code. */
  private call(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const b = this.builder;
    const values: unknown[] = [];
    const callArgs = args.map((a, k): CallArgument => {
      const nondiff = rec.nondiff.includes(k);
      if (typeof a === 'number' && !nondiff) {
        values.push(a);
        return { kind: 'scalar', id: b.constant(a) };
      }
      if (a instanceof StagedScalar && a.owner === this) {
        values.push(a.tracedValue);
        return { kind: 'scalar', id: a.id };
      }
      if (
        a instanceof StagedArray ||
        a instanceof Float64Array ||
        (Array.isArray(a) && a.some((e) => e instanceof StagedScalar))
      ) {
        const v = this.view(a, rec.name);
        values.push(b.contents[v.buffer].slice(v.offset, v.offset + v.length));
        return { kind: 'array', ...v };
      }
      if (
        isMatrixLike(a) &&
        (a.data instanceof StagedArray || a.data instanceof Float64Array || Array.isArray(a.data))
      ) {
        const v = this.view(a.data, rec.name);
        values.push({
          rows: a.rows,
          cols: a.cols,
          data: b.contents[v.buffer].slice(v.offset, v.offset + v.length),
        });
        return { kind: 'matrix', rows: a.rows, cols: a.cols, ...v };
      }
      if (
        isActive(a) ||
        (typeof a === 'object' && a !== null && !Array.isArray(a) && typeof a !== 'function')
      ) {
        throw new NotStaged(
          `${rec.name} received an argument the compiler cannot pass to its rules`,
        );
      }
      values.push(a);
      return { kind: 'opaque', k: b.opaqueValue(a) };
    });
    const y = rec.body(...(values as never[]));
    if (typeof y === 'number') return this.scalar(b.call(rec, callArgs, y) as number);
    if (y instanceof Float64Array || (Array.isArray(y) && y.every((e) => typeof e === 'number'))) {
      return this.array(b.call(rec, callArgs, Float64Array.from(y as ArrayLike<number>)) as View);
    }
    if (isMatrixLike(y) && (y.data instanceof Float64Array || Array.isArray(y.data))) {
      const view = b.call(rec, callArgs, Float64Array.from(y.data as ArrayLike<number>), {
        rows: y.rows,
        cols: y.cols,
      }) as View;
      return { rows: y.rows, cols: y.cols, data: this.array(view) };
    }
    throw new NotStaged(`${rec.name} returns something other than a number, an array or a matrix`);
  }

  private owns(a: unknown): a is StagedScalar {
    return a instanceof StagedScalar && a.owner === this;
  }

  private isScalar(a: unknown): boolean {
    return typeof a === 'number' || (a instanceof StagedScalar && a.owner === this);
  }

  /** The SSA id of a scalar operand. */
  private id(a: unknown, where: string): number {
    if (typeof a === 'number') return this.builder.constant(a);
    if (a instanceof StagedScalar && a.owner === this) return a.id;
    throw new NotStaged(
      `${where} received ${isActive(a) ? 'a value of another differentiation' : 'a value it cannot stage'}`,
    );
  }

  /**
   * The view of an array operand. An array `f` closes over (a `Float64Array`, or a `number[]`)
   * is read by reference when the program runs, so writes into it between calls are seen, as
   * the eager engine sees them; a `Real[]` holding staged values is packed.
   */
  private view(a: unknown, where: string): View {
    if (a instanceof StagedArray && a.owner === this) return a.view;
    const numbers = Array.isArray(a) && a.every((e) => typeof e === 'number');
    if (a instanceof Float64Array || numbers) {
      const array = a as Float64Array | number[];
      let b = this.captured.get(array);
      if (b === undefined) {
        b = this.builder.buffer('captured', Float64Array.from(array), array);
        this.captured.set(array, b);
      }
      return { buffer: b, offset: 0, length: array.length };
    }
    if (Array.isArray(a)) return this.builder.pack(a.map((e) => this.id(e, where)));
    throw new NotStaged(
      `${where} received ${isActive(a) ? 'a value of another differentiation' : 'a value it cannot stage'}`,
    );
  }

  private operand(a: unknown, where: string): Operand {
    return this.isScalar(a) ? { scalar: this.id(a, where) } : this.view(a, where);
  }

  private primitive(p: Primitive, args: readonly unknown[]): unknown {
    const ops = args.map((a) => this.operand(a, p.name));
    const views = ops.filter((o): o is View => 'buffer' in o);
    if (views.length === 0)
      return this.scalar(
        this.builder.prim(
          p,
          ops.map((o) => (o as { scalar: number }).scalar),
        ),
      );
    const n = views[0].length;
    if (views.some((v) => v.length !== n)) {
      // The eager engine reports the mismatch; run it there.
      throw new NotStaged(`${p.name} combines arrays of different lengths`);
    }
    return this.array(this.builder.elementwise(p, ops as Elementwise[], n));
  }

  private rule(rec: DifferentiableRecord, args: readonly unknown[]): StagedScalar {
    const ids = args.map((a) => this.id(a, rec.name));
    const y = rec.body(...(ids.map((id) => this.builder.value(id)) as never[]));
    if (typeof y !== 'number') throw new NotStaged(`${rec.name} did not return a number`);
    return this.scalar(this.builder.rule(rec, ids, y));
  }

  private at(args: readonly unknown[]): unknown {
    const [x, i] = args;
    if (!(x instanceof StagedArray) || x.owner !== this || typeof i !== 'number') {
      throw new NotStaged('at reads an array with an index the compiler cannot follow');
    }
    return this.at2(x, i);
  }

  private at2(x: StagedArray, i: number): StagedScalar {
    if (!Number.isInteger(i) || i < 0 || i >= x.length)
      throw new NotStaged('at index out of range');
    return this.scalar(this.builder.load(x.view.buffer, x.view.offset + i));
  }

  private slice(args: readonly unknown[]): unknown {
    const [x, start, end] = args;
    if (
      Array.isArray(x) &&
      (start === undefined || typeof start === 'number') &&
      (end === undefined || typeof end === 'number')
    ) {
      // A number[] input is an array of staged scalars: its slice is the same elements (a
      // Float64Array when none is staged, as the eager slice gives).
      const [s, e] = sliceBounds(x.length, start, end);
      const part: unknown[] = x.slice(s, e);
      return part.every((v) => typeof v === 'number') ? Float64Array.from(part as number[]) : part;
    }
    if (
      !(x instanceof StagedArray) ||
      x.owner !== this ||
      (start !== undefined && typeof start !== 'number') ||
      (end !== undefined && typeof end !== 'number')
    ) {
      throw new NotStaged('slice takes positions the compiler cannot follow');
    }
    const [s, e] = sliceBounds(x.length, start, end);
    return this.array({ buffer: x.view.buffer, offset: x.view.offset + s, length: e - s });
  }

  private setAt(args: readonly unknown[]): unknown {
    const [x, i, v] = args;
    if (!(x instanceof StagedArray) || x.owner !== this || typeof i !== 'number') {
      throw new NotStaged('setAt writes with an index the compiler cannot follow');
    }
    // The eager engine raises the index error; run it there.
    if (!Number.isInteger(i) || i < 0 || i >= x.length)
      throw new NotStaged('setAt index out of range');
    // Copy on write, as in the eager engine: views taken before keep the old values.
    const out = this.builder.copy(x.view);
    this.builder.store(out.buffer, i, this.id(v, 'setAt'));
    return this.array(out);
  }

  private map(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const [fn, ...data] = args;
    if (typeof fn !== 'function') throw new NotStaged(`${rec.name} received no function`);
    const ops = data.map((d) => this.operand(d, rec.name));
    const views = ops.filter((o): o is View => 'buffer' in o);
    if (views.length === 0) return rec.body(...(args as never[]));
    const n = views[0].length;
    if (views.some((v) => v.length !== n))
      throw new NotStaged(`${rec.name} combines arrays of different lengths`);
    const read = (o: Operand, i: number): number =>
      'buffer' in o ? this.builder.contents[o.buffer][o.offset + i] : this.builder.value(o.scalar);
    if (n === 0) return this.array(this.builder.pack([]));
    // The kernel's record on its first elements, checked as the eager engine checks it: one
    // record must serve every element (a pure kernel that reads no value and draws no random).
    const plan = planKernel(
      fn as (...a: never[]) => unknown,
      n,
      (i) => ops.map((o) => read(o, i)),
      () => true,
    );
    const trace = plan?.traces[0];
    if (
      plan === undefined ||
      trace === undefined ||
      !plan.all ||
      trace.valueDependent ||
      trace.random
    ) {
      throw new NotStaged(
        `the kernel of ${rec.name} is not one straight-line computation for every element`,
      );
    }
    const out = this.builder.kernel(trace, ops as Elementwise[], n);
    const columns = ops.map((o) =>
      'buffer' in o
        ? this.builder.contents[o.buffer].subarray(o.offset, o.offset + n)
        : this.builder.value(o.scalar),
    );
    if (!kernelValues(trace, columns, n, this.builder.contents[out.buffer]))
      throw new NotStaged(`the kernel of ${rec.name} returned a non-number`);
    return this.array(out);
  }

  private comparison(cmp: Comparison, args: readonly unknown[]): unknown {
    if (!args.every((a) => this.isScalar(a))) return this.compareArrays(cmp, args);
    const k = this.comparisons.length;
    const r = this.builder.cmp(cmp, this.id(args[0], cmp), this.id(args[1], cmp), this.flip.has(k));
    this.comparisons.push(r.id);
    this.pending.push({ ...r, k });
    return r.outcome;
  }

  /**
   * An elementwise comparison: the booleans, as the vocabulary gives them, remembered so that
   * `ifElse` compiles them into a select for every element. Like a scalar comparison consumed by
   * `ifElse`, the flipped traces check that nothing else read them.
   */
  private compareArrays(cmp: Comparison, args: readonly unknown[]): unknown {
    const ops = args.map((a) => this.operand(a, cmp));
    const views = ops.filter((o): o is View => 'buffer' in o);
    const n = views[0].length;
    if (views.some((v) => v.length !== n))
      throw new NotStaged(`${cmp} compares arrays of different lengths`);
    const view = this.builder.compareElementwise(cmp, ops as Elementwise[], n);
    const k = this.comparisons.length;
    this.comparisons.push(-1);
    this.elementwise.push(k);
    const c = this.builder.contents[view.buffer];
    const flip = this.flip.has(k);
    const booleans = Array.from({ length: n }, (_, i) => (c[view.offset + i] !== 0) !== flip);
    this.conditions.set(booleans, { view, k });
    return booleans;
  }

  private ifElse(args: readonly unknown[]): unknown {
    const [cond, a, b] = args;
    if (typeof cond === 'object' && cond !== null) {
      const made = this.conditions.get(cond);
      if (made === undefined)
        throw new NotStaged('ifElse selects with booleans the compiler did not see made');
      const { view, k } = made;
      const ops = [a, b].map((o) => this.operand(o, 'ifElse'));
      if (ops.some((o) => 'buffer' in o && o.length !== view.length))
        throw new NotStaged('ifElse selects between arrays of another length');
      this.selected.push(k);
      return this.array(this.builder.selectElementwise(view, ops as Elementwise[], view.length));
    }
    if (typeof cond !== 'boolean')
      throw new NotStaged('ifElse received a condition the compiler cannot follow');
    if (!this.isScalar(a) || !this.isScalar(b))
      throw new NotStaged('ifElse selects between arrays');
    // The comparison that made `cond`: the latest one not consumed yet with that outcome.
    let k = this.pending.length - 1;
    while (k >= 0 && this.pending[k].outcome !== cond) k--;
    if (k < 0) return cond ? a : b;
    const c = this.pending[k];
    this.pending.splice(k, 1);
    this.selected.push(c.k);
    return this.scalar(this.builder.select(c.id, this.id(a, 'ifElse'), this.id(b, 'ifElse')));
  }
}

/** A staged scalar's value, or the number itself. */
export function valueOf(x: Real): number {
  return x instanceof StagedScalar ? x.tracedValue : (x as number);
}
