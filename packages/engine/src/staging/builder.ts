// Over 400 lines: the one IR builder every traced operation goes through, with the loop-body emitter that shares its numbering.
import type { DifferentiableRecord } from '@pullback/rules-core/interpreter';
import { scalarPrimitive, type Primitive } from '../primitives/primitives.js';
import type { KernelRef, KernelTrace } from './map-kernels/kernel-trace.js';
import type {
  Affine,
  BufferInfo,
  CallArgument,
  CallResult,
  BufferKind,
  Comparison,
  OutputLeaf,
  Program,
  Statement,
} from './program.js';
import { LOAD, NO_TERMS, StatementStream, TraceBody } from './trace-body.js';
import { blockValue } from './interpret/primitive-functions.js';

/** `length` consecutive elements of a buffer, from `offset`. */
export interface View {
  readonly buffer: number;
  readonly offset: number;
  readonly length: number;
}

/** A scalar operand of a whole-array operation: broadcast to every element. */
export interface Broadcast {
  readonly scalar: number;
}

/** An operand of an elementwise operation. */
export type Elementwise = View | Broadcast;

const isView = (o: Elementwise): o is View => (o as View).buffer !== undefined;

/**
 * The traced body of each program `Builder.program` made, as recorded. Kept beside the program
 * rather than in it: a program made from another by spreading it gets its own body and no stream.
 */
const streams = new WeakMap<Program, StatementStream>();

/** The body of a program as the tracer recorded it (columns), or `undefined` for any other program. */
export function tracedStream(p: Program): StatementStream | undefined {
  return streams.get(p);
}

/** How many statements `p` has, without making a traced body into objects. */
export function statementCount(p: Program): number {
  return streams.get(p)?.length ?? p.body.length;
}

const compare: Record<Comparison, (a: number, b: number) => boolean> = {
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

/**
 * Appends statements while the traced function runs, computing every value as it goes: the
 * trace is taken at a real point, so values are there for the function's own control flow, and
 * the compiled program can be checked against them. Whole-array operations become loops here.
 */
export class Builder {
  private readonly prologue: Statement[] = [];
  /** The top level after the prologue, loads and primitives in typed columns. */
  private readonly body = new TraceBody();
  private readonly buffers: BufferInfo[] = [];
  private readonly rules: DifferentiableRecord[] = [];
  private readonly calls: DifferentiableRecord[] = [];
  private readonly opaque: unknown[] = [];
  /** Values of the top-level ids at the traced point. */
  private values = new Float64Array(1024);
  /** Contents of every buffer at the traced point. */
  readonly contents: Float64Array[] = [];
  /** Constants by value (a map's keys are compared with SameValueZero: -0 has its own id). */
  private readonly constants = new Map<number, number>();
  private negativeZero = -1;
  private nextId = 0;
  private nextLoop = 0;

  /** A new buffer of `kind` holding `contents` (the builder keeps the array). */
  buffer(
    kind: BufferKind,
    contents: Float64Array,
    array?: Float64Array | readonly number[],
  ): number {
    this.buffers.push(
      array === undefined
        ? { kind, length: contents.length }
        : { kind, length: contents.length, array },
    );
    this.contents.push(contents);
    return this.buffers.length - 1;
  }

  value(id: number): number {
    return this.values[id];
  }

  /** The id of the constant `v` (one per distinct value, defined before everything else). */
  constant(v: number): number {
    const negativeZero = v === 0 && 1 / v < 0;
    let id = negativeZero ? this.negativeZero : (this.constants.get(v) ?? -1);
    if (id < 0) {
      id = this.nextId++;
      this.prologue.push({ op: 'const', id, value: v });
      this.setValue(id, v);
      if (negativeZero) this.negativeZero = id;
      else this.constants.set(v, id);
    }
    return id;
  }

  /** `buffer[index]` at the top level. */
  load(buffer: number, index: number): number {
    const id = this.top();
    this.body.pushLoad(id, buffer, index);
    this.setValue(id, this.contents[buffer][index]);
    return id;
  }

  /** A primitive on scalars at the top level. */
  prim(p: Primitive, args: readonly number[]): number {
    return this.prim2(p, args[0], p.arity === 2 ? args[1] : -1);
  }

  /** `prim` with its operands as numbers, `b` -1 for a unary primitive (no array is made). */
  prim2(p: Primitive, a: number, b: number): number {
    const id = this.top();
    this.body.pushPrim(id, p, a, b);
    // The engine's switch over primitives (held equal to `p.f` by a test): one call site for all.
    this.setValue(id, scalarPrimitive(p.code, this.values[a], b < 0 ? 0 : this.values[b]));
    return id;
  }

  /** A scalar rule on scalars at the top level; `y` is its value, computed by the caller. */
  rule(rec: DifferentiableRecord, args: readonly number[], y: number): number {
    const id = this.top();
    this.body.push({ op: 'rule', id, rule: this.ruleIndex(rec), args });
    this.setValue(id, y);
    return id;
  }

  /**
   * A comparison of two scalars whose outcome the trace depends on. `flip` reports the other
   * outcome (a trace down the other side of a select, to check that only the select used it).
   */
  cmp(cmp: Comparison, a: number, b: number, flip = false): { id: number; outcome: boolean } {
    const id = this.top();
    const outcome = compare[cmp](this.values[a], this.values[b]) !== flip;
    this.body.push({ op: 'cmp', id, cmp, args: [a, b], guard: true, expected: outcome });
    this.setValue(id, outcome ? 1 : 0);
    return { id, outcome };
  }

  /** `cond ? a : b` on scalars. */
  select(cond: number, a: number, b: number): number {
    const id = this.top();
    this.body.push({ op: 'select', id, cond, args: [a, b] });
    this.setValue(id, this.values[cond] !== 0 ? this.values[a] : this.values[b]);
    return id;
  }

  /** An elementwise operand's `n` values at the traced point (a scalar's, repeated). */
  private column(o: Elementwise, n: number): Float64Array {
    return isView(o)
      ? this.contents[o.buffer].subarray(o.offset, o.offset + n)
      : new Float64Array(n).fill(this.values[o.scalar]);
  }

  /** A new temporary buffer with a copy of `v`'s elements, `v` left as it is. */
  copy(v: View): View {
    const out = this.temp(v.length);
    this.loop(v.length, (loop, emit) => {
      emit.store(out.buffer, 0, loop, emit.load(v.buffer, v.offset, loop));
    });
    this.contents[out.buffer].set(this.contents[v.buffer].subarray(v.offset, v.offset + v.length));
    return out;
  }

  /** `buffer[index] = value` at the top level (a temporary buffer only). */
  store(buffer: number, index: number, value: number): void {
    this.body.push({ op: 'store', buffer, index: { base: index, terms: NO_TERMS }, value });
    this.contents[buffer][index] = this.values[value];
  }

  /**
   * A view holding the scalars `ids`: the buffer they were all loaded from, when they are
   * consecutive elements of one (a `number[]` input read back whole), else a new buffer.
   */
  pack(ids: readonly number[]): View {
    const first = ids.length === 0 ? undefined : this.topLoad(ids[0]);
    if (first !== undefined) {
      let consecutive = true;
      for (let k = 1; k < ids.length && consecutive; k++) {
        const l = this.topLoad(ids[k]);
        consecutive = l !== undefined && l.buffer === first.buffer && l.index === first.index + k;
      }
      if (consecutive) return { buffer: first.buffer, offset: first.index, length: ids.length };
    }
    const out = this.temp(ids.length);
    ids.forEach((id, k) => this.store(out.buffer, k, id));
    return out;
  }

  /** `p` applied elementwise over `n` elements, scalars broadcast. */
  elementwise(p: Primitive, operands: readonly Elementwise[], n: number): View {
    const out = this.temp(n);
    this.loop(n, (loop, emit) => {
      const args = operands.map((o) =>
        isView(o) ? emit.load(o.buffer, o.offset, loop) : o.scalar,
      );
      emit.store(out.buffer, 0, loop, emit.prim(p, args));
    });
    // One typed loop per primitive (the table's expressions), not a closure call per element.
    const a = this.column(operands[0], n);
    blockValue(
      p.code,
      n,
      a,
      p.arity === 2 ? this.column(operands[1], n) : a,
      this.contents[out.buffer],
    );
    return out;
  }

  /** An elementwise comparison as 1 (true) or 0 (false) per element: the condition of an elementwise select. */
  compareElementwise(cmp: Comparison, operands: readonly Elementwise[], n: number): View {
    const out = this.temp(n);
    const one = this.constant(1);
    const zero = this.constant(0);
    this.loop(n, (loop, emit) => {
      const [a, b] = operands.map((o) =>
        isView(o) ? emit.load(o.buffer, o.offset, loop) : o.scalar,
      );
      emit.store(out.buffer, 0, loop, emit.select(emit.cmp(cmp, a, b), one, zero));
    });
    const y = this.contents[out.buffer];
    const read = (o: Elementwise, i: number): number =>
      isView(o) ? this.contents[o.buffer][o.offset + i] : this.values[o.scalar];
    for (let i = 0; i < n; i++)
      y[i] = compare[cmp](read(operands[0], i), read(operands[1], i)) ? 1 : 0;
    return out;
  }

  /** `cond[i] ? a[i] : b[i]` for a condition made by `compareElementwise`. */
  selectElementwise(cond: View, operands: readonly Elementwise[], n: number): View {
    const out = this.temp(n);
    const zero = this.constant(0);
    this.loop(n, (loop, emit) => {
      const c = emit.cmp('ne', emit.load(cond.buffer, cond.offset, loop), zero);
      const [a, b] = operands.map((o) =>
        isView(o) ? emit.load(o.buffer, o.offset, loop) : o.scalar,
      );
      emit.store(out.buffer, 0, loop, emit.select(c, a, b));
    });
    const y = this.contents[out.buffer];
    const read = (o: Elementwise, i: number): number =>
      isView(o) ? this.contents[o.buffer][o.offset + i] : this.values[o.scalar];
    for (let i = 0; i < n; i++)
      y[i] =
        this.contents[cond.buffer][cond.offset + i] !== 0
          ? read(operands[0], i)
          : read(operands[1], i);
    return out;
  }

  /** `Σ v[i]`, left to right like the eager engine's sum. */
  sum(v: View): number {
    const zero = this.constant(0);
    const total = this.reduce(v.length, zero, (loop, emit, acc) =>
      emit.prim(this.add, [acc, emit.load(v.buffer, v.offset, loop)]),
    );
    let s = 0;
    const c = this.contents[v.buffer];
    for (let i = 0; i < v.length; i++) s += c[v.offset + i];
    this.setValue(total, s);
    return total;
  }

  /** `Σ a[i] b[i]`. */
  dot(a: View, b: View): number {
    const zero = this.constant(0);
    const total = this.reduce(a.length, zero, (loop, emit, acc) => {
      const prod = emit.prim(this.mul, [
        emit.load(a.buffer, a.offset, loop),
        emit.load(b.buffer, b.offset, loop),
      ]);
      return emit.prim(this.add, [acc, prod]);
    });
    let s = 0;
    const ca = this.contents[a.buffer];
    const cb = this.contents[b.buffer];
    for (let i = 0; i < a.length; i++) s += ca[a.offset + i] * cb[b.offset + i];
    this.setValue(total, s);
    return total;
  }

  /**
   * A straight-line `map` kernel applied over `n` elements: the kernel's steps become the loop
   * body. The caller writes the values at the traced point into the result's buffer.
   */
  kernel(trace: KernelTrace, operands: readonly Elementwise[], n: number): View {
    const out = this.temp(n);
    const constants = trace.constants.map((c) => this.constant(c));
    const rules = trace.rules.map((r) => this.ruleIndex(r));
    this.loop(n, (loop, emit) => {
      const args = operands.map((o) =>
        isView(o) ? emit.load(o.buffer, o.offset, loop) : o.scalar,
      );
      const steps: number[] = [];
      const ref = (r: KernelRef): number =>
        r.kind === 'argument' ? args[r.k] : r.kind === 'step' ? steps[r.k] : constants[r.k];
      for (const step of trace.steps) {
        const a = step.args.map(ref);
        steps.push(
          step.primitive !== undefined
            ? emit.prim(step.primitive, a)
            : emit.rule(rules[step.rule as number], a),
        );
      }
      emit.store(out.buffer, 0, loop, ref(trace.output));
    });
    return out;
  }

  /** A value passed by reference to calls. */
  opaqueValue(v: unknown): number {
    const k = this.opaque.indexOf(v);
    return k >= 0 ? k : this.opaque.push(v) - 1;
  }

  /**
   * A call of `rec` through its rules; `y` is its value at the traced point (a number, or the
   * contents of an array result). Returns the id of a scalar result, or the view of an array's.
   */
  call(
    rec: DifferentiableRecord,
    args: readonly CallArgument[],
    y: number | Float64Array,
    matrix?: { rows: number; cols: number },
  ): number | View {
    let k = this.calls.indexOf(rec);
    if (k < 0) k = this.calls.push(rec) - 1;
    let result: CallResult;
    let out: number | View;
    if (typeof y === 'number') {
      const id = this.nextId++;
      this.setValue(id, y);
      result = { kind: 'scalar', id };
      out = id;
    } else {
      const view = this.temp(y.length);
      this.contents[view.buffer].set(y);
      result =
        matrix === undefined
          ? { kind: 'array', buffer: view.buffer, length: y.length }
          : { kind: 'matrix', ...matrix, buffer: view.buffer, length: y.length };
      out = view;
    }
    this.body.push({ op: 'call', call: k, args, result });
    return out;
  }

  /** Clears the guard of comparison `id`: only selects read it, so either outcome is valid. */
  unguard(id: number): void {
    const k = this.body.positionOf(id);
    const s = k < 0 ? undefined : this.body.statement(k);
    if (s?.op === 'cmp') this.body.replace(k, { ...s, guard: false });
  }

  /** The finished program, with `outputs` as its result. */
  program(outputs: readonly OutputLeaf[]): Program {
    const stream = new StatementStream(this.prologue.slice(), this.body);
    let body: Statement[] | undefined;
    const p: Program = {
      // Made into objects only when read: the re-roller reads the columns instead.
      get body(): Statement[] {
        return (body ??= stream.toArray());
      },
      buffers: this.buffers,
      rules: this.rules,
      calls: this.calls,
      opaque: this.opaque,
      outputs,
      ids: this.nextId,
      loops: this.nextLoop,
    };
    streams.set(p, stream);
    return p;
  }

  /** Primitives the builder itself uses for reductions (set by the tracer). */
  add!: Primitive;
  mul!: Primitive;

  /** Notes the value of `id` at the traced point (in a typed array grown as `TraceBody`'s columns). */
  private setValue(id: number, v: number): void {
    if (id >= this.values.length) {
      const grown = new Float64Array(Math.max(4 * this.values.length, id + 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[id] = v;
  }

  /** A new id for a top-level statement (`body` notes where it is defined). */
  private top(): number {
    return this.nextId++;
  }

  /** Where the top-level load that defines `id` reads, if one does. */
  private topLoad(id: number): { buffer: number; index: number } | undefined {
    const k = this.body.positionOf(id);
    if (k < 0 || this.body.kinds[k] !== LOAD) return undefined;
    return { buffer: this.body.c0[k], index: this.body.c1[k] };
  }

  private temp(n: number): View {
    return { buffer: this.buffer('temp', new Float64Array(n)), offset: 0, length: n };
  }

  private ruleIndex(rec: DifferentiableRecord): number {
    const k = this.rules.indexOf(rec);
    return k >= 0 ? k : this.rules.push(rec) - 1;
  }

  /** A loop over `n` iterations whose body `build` writes through `emit`. */
  private loop(n: number, build: (loop: number, emit: BodyEmitter) => void): void {
    const loop = this.nextLoop++;
    const emit = new BodyEmitter(() => this.nextId++);
    build(loop, emit);
    this.body.push({ op: 'loop', loop, count: n, body: emit.body, carried: [] });
  }

  /** A loop carrying one accumulator from `init`; returns the id of its final value. */
  private reduce(
    n: number,
    init: number,
    step: (loop: number, emit: BodyEmitter, acc: number) => number,
  ): number {
    const loop = this.nextLoop++;
    const emit = new BodyEmitter(() => this.nextId++);
    const phi = this.nextId++;
    const next = step(loop, emit, phi);
    const out = this.nextId++;
    this.body.push({
      op: 'loop',
      loop,
      count: n,
      body: emit.body,
      carried: [{ phi, init, next, out }],
    });
    return out;
  }
}

/** Writes the body of one loop: every index moves with that loop's counter. */
class BodyEmitter {
  readonly body: Statement[] = [];
  constructor(private readonly id: () => number) {}

  load(buffer: number, offset: number, loop: number): number {
    const id = this.id();
    this.body.push({ op: 'load', id, buffer, index: along(offset, loop) });
    return id;
  }

  store(buffer: number, offset: number, loop: number, value: number): void {
    this.body.push({ op: 'store', buffer, index: along(offset, loop), value });
  }

  prim(p: Primitive, args: readonly number[]): number {
    const id = this.id();
    this.body.push({ op: 'prim', id, p, args });
    return id;
  }

  rule(rule: number, args: readonly number[]): number {
    const id = this.id();
    this.body.push({ op: 'rule', id, rule, args });
    return id;
  }

  /** A comparison only selects read: no guard. */
  cmp(cmp: Comparison, a: number, b: number): number {
    const id = this.id();
    this.body.push({ op: 'cmp', id, cmp, args: [a, b], guard: false, expected: false });
    return id;
  }

  select(cond: number, a: number, b: number): number {
    const id = this.id();
    this.body.push({ op: 'select', id, cond, args: [a, b] });
    return id;
  }
}

const along = (offset: number, loop: number): Affine => ({ base: offset, terms: [[loop, 1]] });
