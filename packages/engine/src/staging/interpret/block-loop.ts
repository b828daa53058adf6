// Over 400 lines: one block-loop class, whose compile step and per-operation block kernels share one register layout.
import type { Activity } from '../activity.js';
import type { Affine, Carried, Comparison, Loop, Statement } from '../program.js';
import type { LoopPlan } from '../reverse-plan.js';
import type { Machine } from './machine.js';
import { PRIMITIVE_NAMES } from '../../primitives/primitives.js';
import { blockPartial, blockValue, PRIMITIVE_FUNCTIONS } from './primitive-functions.js';
import type { ReverseMachine } from './reverse-machine.js';

/**
 * A loop run in blocks of iterations over typed-array registers (one register per id of its
 * body, `BLOCK` elements): each statement runs over a whole block in one tight loop, so the
 * interpreter's dispatch is paid once per block, not once per element. Only loops whose
 * iterations do not depend on each other qualify (`blockLoop` says which): every carried value
 * is an accumulator (its only use is one `add` making its next value), reduced per block in
 * iteration order, so sums add in the order generated code adds them; no buffer is both read
 * and written, or written twice, in the body. Anything else runs iteration by iteration.
 */

/** Elements per register (4 KB): enough to amortise dispatch, few enough to stay in cache. */
export const BLOCK = 512;

type Op =
  | {
      readonly kind: 'load';
      readonly s: Statement;
      readonly y: number;
      readonly buffer: number;
      readonly index: Affine;
    }
  | {
      readonly kind: 'prim';
      readonly s: Statement;
      readonly y: number;
      readonly code: number;
      readonly a: number;
      readonly b: number;
      /**
       * Partial k when it is a constant (else `undefined`), found once: computed per block, a
       * number returned from a call V8 does not inline would be a new heap number each time.
       */
      readonly constants: readonly (number | undefined)[];
    }
  | {
      readonly kind: 'cmp';
      readonly s: Statement;
      readonly y: number;
      readonly cmp: Comparison;
      readonly a: number;
      readonly b: number;
      readonly guard: boolean;
      readonly expected: boolean;
    }
  | {
      readonly kind: 'select';
      readonly s: Statement;
      readonly y: number;
      readonly c: number;
      readonly a: number;
      readonly b: number;
    }
  | {
      readonly kind: 'store';
      readonly s: Statement;
      readonly buffer: number;
      readonly index: Affine;
      readonly v: number;
    };

/** A carried value that only sums: `next = phi + x` (or `x + phi`). */
interface Accumulator {
  readonly c: Carried;
  /** The id of the summand. */
  readonly x: number;
  readonly phiFirst: boolean;
  readonly add: Statement;
}

/** Whether `s` can run in blocks, and how: its accumulators, or `undefined`. */
function accumulators(s: Loop, taped: readonly unknown[]): Accumulator[] | undefined {
  if (taped.length > 0) return undefined;
  const uses = new Map<number, number>();
  const stored = new Set<number>();
  const loaded = new Set<number>();
  for (const t of s.body) {
    switch (t.op) {
      case 'load':
        loaded.add(t.buffer);
        break;
      case 'store':
        if (stored.has(t.buffer)) return undefined;
        stored.add(t.buffer);
        uses.set(t.value, (uses.get(t.value) ?? 0) + 1);
        break;
      case 'prim':
      case 'cmp':
      case 'select':
        for (const id of t.op === 'select' ? [t.cond, ...t.args] : t.args)
          uses.set(id, (uses.get(id) ?? 0) + 1);
        break;
      case 'const':
        break;
      default:
        // Rule calls (which may throw mid-iteration) and nested loops run iteration by iteration.
        return undefined;
    }
  }
  for (const b of stored) if (loaded.has(b)) return undefined;
  const out: Accumulator[] = [];
  for (const c of s.carried) {
    const add = s.body.find((t) => t.op === 'prim' && t.id === c.next);
    if (add?.op !== 'prim' || add.p.name !== 'add') return undefined;
    const [a, b] = add.args;
    if ((a === c.phi) === (b === c.phi)) return undefined;
    if (uses.get(c.phi) !== 1 || (uses.get(c.next) ?? 0) !== 0) return undefined;
    out.push({ c, x: a === c.phi ? b : a, phiFirst: a === c.phi, add });
  }
  return out;
}

/**
 * Where a load or store reads at iteration `i0` of `loop` (`at.start`), and its step per
 * iteration (`at.step`), written into `at` (no array per call).
 */
function span(
  m: Machine,
  index: Affine,
  loop: number,
  i0: number,
  at: { start: number; step: number },
): void {
  let start = index.base;
  let step = 0;
  const terms = index.terms;
  for (let t = 0; t < terms.length; t++) {
    const l = terms[t][0];
    const stride = terms[t][1];
    if (l === loop) step += stride;
    else start += stride * m.counters[l];
  }
  at.start = start + step * i0;
  at.step = step;
}

/** One loop's blocked form, made once per machine. */
export class BlockLoop {
  /** Registers by id: the body's values, broadcast values from outside, and adjoints. */
  private readonly R = new Map<number, Float64Array>();
  private readonly GR = new Map<number, Float64Array>();
  private readonly ops: Op[] = [];
  private readonly external: number[] = [];
  private readonly P0 = new Float64Array(BLOCK);
  private readonly P1 = new Float64Array(BLOCK);
  /** Registers collecting adjoints of values from outside the loop, reused block after block. */
  private readonly pool: Float64Array[] = [];
  /**
   * Adjoint registers written in the current block (1 by id), and whether the latest `sink` is
   * their first write. An array, not a Set: a Set's `clear` makes a new table every block.
   */
  private readonly written: Uint8Array;
  private assign = false;
  private readonly sums: Float64Array;
  /** The accumulators' adjoints in a reverse sweep. */
  private readonly seeds: Float64Array;
  /** Adjoints sent to values from outside the loop in this block: ids, with `pool` registers. */
  private readonly outside: number[] = [];
  /** How many of `outside` this block uses (the array keeps its length: no reallocation). */
  private outsideCount = 0;
  /** Where the latest `span` put a load or store. */
  private readonly at = { start: 0, step: 0 };
  /** The accumulators' `add`s: summed per block in order, not as elementwise statements. */
  private readonly summed: ReadonlySet<Statement>;

  private constructor(
    private readonly s: Loop,
    private readonly act: Activity,
    private readonly acc: readonly Accumulator[],
  ) {
    const inside = new Set<number>();
    for (const t of s.body) if ('id' in t) inside.add(t.id);
    for (const c of s.carried) inside.add(c.phi);
    const reg = (id: number): number => {
      if (!this.R.has(id)) {
        this.R.set(id, new Float64Array(BLOCK));
        if (!inside.has(id)) this.external.push(id);
      }
      if (act.ids[id] === 1 && !this.GR.has(id)) this.GR.set(id, new Float64Array(BLOCK));
      return id;
    };
    for (const t of s.body) {
      if (t.op === 'load')
        this.ops.push({ kind: 'load', s: t, y: reg(t.id), buffer: t.buffer, index: t.index });
      else if (t.op === 'prim') {
        const b = t.args.length > 1 ? t.args[1] : t.args[0];
        this.ops.push({
          kind: 'prim',
          s: t,
          y: reg(t.id),
          code: t.p.code,
          a: reg(t.args[0]),
          b: reg(b),
          constants: [constantPartial(t.p.code, 0), constantPartial(t.p.code, 1)],
        });
      } else if (t.op === 'cmp') {
        this.ops.push({
          kind: 'cmp',
          s: t,
          y: reg(t.id),
          cmp: t.cmp,
          a: reg(t.args[0]),
          b: reg(t.args[1]),
          guard: t.guard,
          expected: t.expected,
        });
      } else if (t.op === 'select') {
        this.ops.push({
          kind: 'select',
          s: t,
          y: reg(t.id),
          c: reg(t.cond),
          a: reg(t.args[0]),
          b: reg(t.args[1]),
        });
      } else if (t.op === 'store') {
        this.ops.push({ kind: 'store', s: t, buffer: t.buffer, index: t.index, v: reg(t.value) });
      }
    }
    for (const id of this.external) this.outsideIds.add(id);
    this.sums = new Float64Array(acc.length);
    this.seeds = new Float64Array(acc.length);
    this.summed = new Set(acc.map((a) => a.add));
    let top = 0;
    for (const id of this.R.keys()) top = Math.max(top, id);
    for (const c of s.carried) top = Math.max(top, c.next, c.phi);
    this.written = new Uint8Array(top + 1);
  }

  /**
   * The blocked form of `s`, or `undefined` when it must run iteration by iteration (as it
   * must when a reverse sweep tapes any of its carried values: those are recurrences).
   */
  static of(s: Loop, act: Activity, taped: readonly unknown[]): BlockLoop | undefined {
    const acc = accumulators(s, taped);
    return acc === undefined ? undefined : new BlockLoop(s, act, acc);
  }

  /** Ids from outside the loop. */
  private readonly outsideIds = new Set<number>();

  private reg(id: number): Float64Array {
    return this.R.get(id) as Float64Array;
  }

  /** Broadcasts the values from outside the loop into their registers. */
  private broadcast(V: Float64Array): void {
    const external = this.external;
    for (let k = 0; k < external.length; k++) spread(this.reg(external[k]), V[external[k]], BLOCK);
  }

  /** Runs the body over iterations `[i0, i0 + n)`; false when a guard failed. */
  private block(
    m: Machine,
    i0: number,
    n: number,
    only: ReadonlySet<Statement> | undefined,
    guards: boolean,
  ): boolean {
    const loop = this.s.loop;
    const ops = this.ops;
    for (let q = 0; q < ops.length; q++) {
      const op = ops[q];
      if (only !== undefined ? !only.has(op.s) : this.summed.has(op.s)) continue;
      switch (op.kind) {
        case 'load': {
          // Copied, not viewed: a view (`subarray`) would be a new object per block and call.
          span(m, op.index, loop, i0, this.at);
          const { start, step } = this.at;
          const data = m.buffer(op.buffer);
          const Y = this.reg(op.y);
          if (step === 1) for (let k = 0; k < n; k++) Y[k] = data[start + k];
          else for (let k = 0; k < n; k++) Y[k] = data[start + step * k];
          break;
        }
        case 'prim':
          blockValue(op.code, n, this.reg(op.a), this.reg(op.b), this.reg(op.y));
          break;
        case 'cmp':
          compareBlock(op.cmp, n, this.reg(op.a), this.reg(op.b), this.reg(op.y));
          if (guards && op.guard) {
            const Y = this.reg(op.y);
            const want = op.expected ? 1 : 0;
            for (let k = 0; k < n; k++) if (Y[k] !== want) return false;
          }
          break;
        case 'select': {
          const C = this.reg(op.c);
          const A = this.reg(op.a);
          const B = this.reg(op.b);
          const Y = this.reg(op.y);
          for (let k = 0; k < n; k++) Y[k] = C[k] !== 0 ? A[k] : B[k];
          break;
        }
        case 'store': {
          span(m, op.index, loop, i0, this.at);
          const { start, step } = this.at;
          const data = m.buffer(op.buffer) as Float64Array;
          const Vr = this.reg(op.v);
          for (let k = 0; k < n; k++) data[start + step * k] = Vr[k];
          break;
        }
      }
    }
    return true;
  }

  /** The loop forward, its accumulators summed in iteration order. */
  forward(m: Machine, guards: boolean): boolean {
    const { V } = m;
    this.broadcast(V);
    const { sums, acc } = this;
    for (let j = 0; j < acc.length; j++) sums[j] = acc[j].c.init < 0 ? 0 : V[acc[j].c.init];
    const count = this.s.count;
    for (let i0 = 0; i0 < count; i0 += BLOCK) {
      const n = Math.min(BLOCK, count - i0);
      if (!this.block(m, i0, n, undefined, guards)) return false;
      for (let j = 0; j < this.acc.length; j++) {
        const a = this.acc[j];
        const X = this.reg(a.x);
        let s = sums[j];
        if (a.phiFirst) for (let k = 0; k < n; k++) s = s + X[k];
        else for (let k = 0; k < n; k++) s = X[k] + s;
        sums[j] = s;
      }
    }
    for (let j = 0; j < acc.length; j++) {
      V[acc[j].c.phi] = sums[j];
      V[acc[j].c.out] = sums[j];
    }
    return true;
  }

  /**
   * The loop's reverse sweep: blocks from the last, each recomputing what `plan` says and
   * sending adjoints back statement by statement. An accumulator's adjoint is the same in every
   * iteration (its `add` passes it on times 1), so it seeds each block's summands. Adjoints of
   * values from outside the loop are collected per element and added in the order generated
   * code adds them (iterations from the last, statements from the last).
   */
  backward(m: ReverseMachine, plan: LoopPlan): void {
    const { G } = m;
    const { act, acc, seeds, written, outside, pool } = this;
    this.broadcast(m.V);
    for (let j = 0; j < acc.length; j++)
      seeds[j] = act.ids[acc[j].c.out] === 1 ? G[acc[j].c.out] : 0;
    const count = this.s.count;
    const last = Math.floor((count - 1) / BLOCK) * BLOCK;
    for (let i0 = last; i0 >= 0; i0 -= BLOCK) {
      const n = Math.min(BLOCK, count - i0);
      this.block(m, i0, n, plan.recompute, false);
      // A register no adjoint reached in this block is zero: its statement sends nothing.
      written.fill(0);
      for (let j = 0; j < acc.length; j++) {
        const c = acc[j].c;
        if (act.ids[c.phi] === 1 && act.ids[c.next] === 1) {
          spread(this.adjoint(c.next), seeds[j], n);
          written[c.next] = 1;
        }
      }
      this.outsideCount = 0;
      for (let q = this.ops.length - 1; q >= 0; q--) this.backOp(m, this.ops[q], i0, n);
      const used = this.outsideCount;
      if (used > 0)
        for (let k = n - 1; k >= 0; k--) for (let o = 0; o < used; o++) G[outside[o]] += pool[o][k];
    }
    for (let j = 0; j < acc.length; j++) {
      const c = acc[j].c;
      if (c.init >= 0 && act.ids[c.phi] === 1 && act.ids[c.init] === 1) G[c.init] += seeds[j];
    }
  }

  private adjoint(id: number): Float64Array {
    return this.GR.get(id) as Float64Array;
  }

  /**
   * Where adjoints sent to `id` go in this block: its register when it is the body's; a
   * per-element register of the pool, added up after the block, when it comes from outside.
   */
  private sink(id: number): Float64Array {
    if (!this.outsideIds.has(id)) {
      // The first adjoint a register gets in a block is written, not added (0 + x is x).
      this.assign = this.written[id] === 0;
      this.written[id] = 1;
      return this.adjoint(id);
    }
    const o = this.outsideCount++;
    const E = (this.pool[o] ??= new Float64Array(BLOCK));
    this.assign = true;
    this.outside[o] = id;
    return E;
  }

  /** `sink(id)` for a select's side, zeroed when first written; `undefined` for an inactive id. */
  private selectSink(id: number, n: number): Float64Array | undefined {
    if (this.act.ids[id] === 0) return undefined;
    const T = this.sink(id);
    if (this.assign) T.fill(0, 0, n);
    return T;
  }

  private backOp(m: ReverseMachine, op: Op, i0: number, n: number): void {
    const act = this.act;
    switch (op.kind) {
      case 'prim': {
        if (act.ids[op.y] === 0 || this.written[op.y] === 0) return;
        const s = op.s as Statement & { op: 'prim' };
        const GY = this.adjoint(op.y);
        const A = this.reg(op.a);
        const B = this.reg(op.b);
        const Y = this.reg(op.y);
        for (let k = 0; k < s.args.length; k++) {
          const arg = s.args[k];
          if (act.ids[arg] === 0) continue;
          const T = this.sink(arg);
          const assign = this.assign;
          const c = op.constants[k];
          if (c !== undefined) sendConstant(n, GY, c, T, assign);
          else if (!sendPartial(op.code, k, n, A, B, Y, GY, T, assign)) {
            const P = k === 0 ? this.P0 : this.P1;
            blockPartial(op.code, k as 0 | 1, n, A, B, Y, P);
            sendVia(n, GY, P, T, assign);
          }
        }
        return;
      }
      case 'select': {
        if (act.ids[op.y] === 0 || this.written[op.y] === 0) return;
        const C = this.reg(op.c);
        const GY = this.adjoint(op.y);
        const TA = this.selectSink(op.a, n);
        const TB = op.b === op.a ? TA : this.selectSink(op.b, n);
        for (let e = 0; e < n; e++) {
          if (C[e] !== 0) {
            if (TA !== undefined) TA[e] += GY[e];
          } else if (TB !== undefined) TB[e] += GY[e];
        }
        return;
      }
      case 'load': {
        if (act.ids[op.y] === 0 || this.written[op.y] === 0) return;
        span(m, op.index, this.s.loop, i0, this.at);
        const { start, step } = this.at;
        const GX = m.adjointBuffer(op.buffer);
        const GY = this.adjoint(op.y);
        for (let e = n - 1; e >= 0; e--) GX[start + step * e] += GY[e];
        return;
      }
      case 'store': {
        if (act.buffers[op.buffer] === 0) return;
        span(m, op.index, this.s.loop, i0, this.at);
        const { start, step } = this.at;
        const GB = m.adjointBuffer(op.buffer);
        // The element was overwritten: its adjoint goes to the stored value, none to what was there.
        const T = act.ids[op.v] === 1 ? this.sink(op.v) : undefined;
        const assign = this.assign;
        for (let e = n - 1; e >= 0; e--) {
          const i = start + step * e;
          if (T !== undefined) T[e] = (assign ? 0 : T[e]) + GB[i];
          GB[i] = 0;
        }
        return;
      }
      default:
        return;
    }
  }
}

/**
 * `R[0..n) = value`, in a loop: `fill` is a builtin, and a double passed to one is boxed into a
 * new heap number.
 */
function spread(R: Float64Array, value: number, n: number): void {
  for (let k = 0; k < n; k++) R[k] = value;
}

/**
 * The sends of a reverse sweep: `T[e] += g · partial` for each element whose adjoint `g` is not
 * zero (a zero adjoint sends nothing, even through an infinite partial), or `T[e] = …` from 0
 * when `assign` (the register's first write in the block). Each partial is computed as the
 * generated code computes it, `g * (expression)`, so the products round alike.
 */
function sendConstant(
  n: number,
  GY: Float64Array,
  c: number,
  T: Float64Array,
  assign: boolean,
): void {
  for (let e = 0; e < n; e++) {
    const g = GY[e];
    const t = assign ? 0 : T[e];
    T[e] = g !== 0 ? t + g * c : t;
  }
}

function sendVia(
  n: number,
  GY: Float64Array,
  P: Float64Array,
  T: Float64Array,
  assign: boolean,
): void {
  for (let e = 0; e < n; e++) {
    const g = GY[e];
    const t = assign ? 0 : T[e];
    T[e] = g !== 0 ? t + g * P[e] : t;
  }
}

/** The sends of the commonest primitives with their partials inline; false for the others. */
function sendPartial(
  code: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
  GY: Float64Array,
  T: Float64Array,
  assign: boolean,
): boolean {
  switch (code) {
    case MUL:
      sendVia(n, GY, k === 0 ? B : A, T, assign);
      return true;
    case SQUARE:
      for (let e = 0; e < n; e++) {
        const g = GY[e];
        const t = assign ? 0 : T[e];
        T[e] = g !== 0 ? t + g * (2 * A[e]) : t;
      }
      return true;
    case EXP:
      sendVia(n, GY, Y, T, assign);
      return true;
    case DIV:
      for (let e = 0; e < n; e++) {
        const g = GY[e];
        const t = assign ? 0 : T[e];
        T[e] = g !== 0 ? t + g * (k === 0 ? 1 / B[e] : -Y[e] / B[e]) : t;
      }
      return true;
    case TANH:
      for (let e = 0; e < n; e++) {
        const g = GY[e];
        const t = assign ? 0 : T[e];
        T[e] = g !== 0 ? t + g * (1 - Y[e] * Y[e]) : t;
      }
      return true;
    default:
      return false;
  }
}

const [MUL, SQUARE, EXP, DIV, TANH] = (['mul', 'square', 'exp', 'div', 'tanh'] as const).map(
  (name) => PRIMITIVE_NAMES.indexOf(name),
);

/** The partial of primitive `code` with respect to operand `k` when it is a constant. */
function constantPartial(code: number, k: number): number | undefined {
  const f = PRIMITIVE_FUNCTIONS[code];
  return f.constantPartial[k] ? f.partials[k](0, 0, 0) : undefined;
}

/** `Y[k] = A[k] ⋄ B[k] ? 1 : 0`, one loop per comparison. */
function compareBlock(
  cmp: Comparison,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
): void {
  switch (cmp) {
    case 'lt':
      for (let k = 0; k < n; k++) Y[k] = A[k] < B[k] ? 1 : 0;
      return;
    case 'le':
      for (let k = 0; k < n; k++) Y[k] = A[k] <= B[k] ? 1 : 0;
      return;
    case 'gt':
      for (let k = 0; k < n; k++) Y[k] = A[k] > B[k] ? 1 : 0;
      return;
    case 'ge':
      for (let k = 0; k < n; k++) Y[k] = A[k] >= B[k] ? 1 : 0;
      return;
    case 'eq':
      for (let k = 0; k < n; k++) Y[k] = A[k] === B[k] ? 1 : 0;
      return;
    case 'ne':
      for (let k = 0; k < n; k++) Y[k] = A[k] !== B[k] ? 1 : 0;
      return;
  }
}
