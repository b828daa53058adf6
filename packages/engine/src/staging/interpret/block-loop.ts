// Over 400 lines: one class, whose compile steps (forward, reverse) share one slot and register layout.
import type { Activity } from '../activity.js';
import type { Affine, Carried, Loop, Statement } from '../program.js';
import type { LoopPlan } from '../reverse-plan.js';
import { reads } from '../source.js';
import type { Machine } from './machine.js';
import type { ReverseMachine } from './reverse-machine.js';
import {
  addAllToBuffers,
  addUniformToBuffer,
  sendConstant,
  sendPartial,
  sendScalarPartial,
  sendSelected,
  sendUniform,
  spread,
  takeFromBuffer,
} from './block-kernels.js';
import { tangentStep, type TangentContext } from './block-tangents.js';
import { compare, compareBlock } from './comparisons.js';
import {
  blockValue,
  PARTIALS,
  PRIMITIVE_FUNCTIONS,
  valueAndPartials,
} from './primitive-functions.js';

/**
 * A loop run in blocks of iterations over typed-array registers (`BLOCK` elements each): each
 * statement runs over a whole block in one tight loop, so the interpreter's dispatch is paid once
 * per block, not once per element. Only loops whose iterations do not depend on each other
 * qualify (`accumulators` says which): every carried value is an accumulator (its only use is one
 * `add` making its next value), reduced per block in iteration order, so sums add in the order
 * generated code adds them; no buffer is both read and written, or written twice, in the body.
 *
 * The loop is compiled once into steps (closures over their registers, made from the IR: no
 * code is generated from text). Values and adjoints the same in every iteration — values from
 * outside the loop, statements of those alone, the accumulators' adjoints and what only they and
 * such values send — are numbers computed once per call (`S`), not registers: the reverse sweep
 * of a sum starts from one adjoint, and its first statements move no block at all.
 */

/** Elements per register: enough to amortise dispatch, few enough that registers stay in cache. */
export const BLOCK = 256;

/** What runs per block: false when a guard failed. */
type BlockStep = (m: Machine, i0: number, n: number, guards: boolean) => boolean;
type BackStep = (m: ReverseMachine, i0: number, n: number) => void;
/** What runs once per call, on numbers: false when a guard failed. */
type CallStep = (m: Machine, guards: boolean) => boolean;

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

/** Where a load or store is at iteration `i0` of `loop` (`start`), and its step per iteration. */
interface Span {
  start: number;
  step: number;
}

/** `at` = where `index` is at iteration `i0` of `loop` (no array per call). */
function span(m: Machine, index: Affine, loop: number, i0: number, at: Span): void {
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

/** `s` plus `X[from..from + n)` in order, the summand on the side the program adds it. */
function sumBlock(n: number, s: number, X: Float64Array, from: number, phiFirst: boolean): number {
  if (phiFirst) for (let k = 0; k < n; k++) s = s + X[from + k];
  else for (let k = 0; k < n; k++) s = X[from + k] + s;
  return s;
}

/** The partial of primitive `code` with respect to operand `k` when it is a constant. */
function constantPartial(code: number, k: number): number | undefined {
  const f = PRIMITIVE_FUNCTIONS[code];
  return f.constantPartial[k] ? f.partials[k](0, 0, 0) : undefined;
}

/** An adjoint's state while the reverse sweep is compiled: none yet, one number, a register. */
const NONE = 0;
const UNIFORM = 1;
const VARYING = 2;

/** A load's adjoint register, to add to its buffer's adjoint at the end of each block. */
interface Flush {
  readonly buffer: number;
  readonly index: Affine;
  readonly GY: Float64Array;
}

/** A loop's compiled reverse sweep. */
interface Reverse {
  readonly perCall: readonly ((m: ReverseMachine) => void)[];
  readonly perBlock: readonly BackStep[];
  /** Ids from outside the loop that adjoints are sent to, one per pool register, in send order. */
  readonly pooled: readonly number[];
}

/** A compiled forward pass: the block steps of the statements it runs. */
type Forward = readonly BlockStep[];

/** One loop's blocked form, made once per machine. */
export class BlockLoop {
  /** Slot by id: the body's ids, the accumulators' phis and the ids from outside it read. */
  private readonly slots = new Map<number, number>();
  private readonly ids: number[] = [];
  /** By slot: whether the value is the same in every iteration, and whether it is from outside. */
  private readonly uniform: boolean[] = [];
  private readonly outside: boolean[] = [];
  /** By slot: value and adjoint registers, made where a block step needs them. */
  private readonly regs: (Float64Array | undefined)[] = [];
  private readonly adjointRegs: (Float64Array | undefined)[] = [];
  /** Registers collecting adjoints of values from outside the loop, summed after each block. */
  private readonly pool: Float64Array[] = [];
  /** Scratch for a partial computed into a register. */
  private readonly P = new Float64Array(BLOCK);
  /**
   * Per-call numbers: slot `s`'s uniform value at `s`, its uniform adjoint at `slots + s`, then
   * partials and constants the steps read. Grown (and its constants rewritten) as steps compile.
   */
  private S = new Float64Array(0);
  private scalars: number;
  private readonly constants: [number, number][] = [];
  private readonly phis = new Set<number>();
  /** The accumulators' `add`s: summed per block in order, not run as elementwise statements. */
  private readonly summed: ReadonlySet<Statement>;
  private readonly sums: Float64Array;
  private readonly uniformSteps: CallStep[] = [];
  private readonly forwards = new Map<ReadonlySet<Statement> | undefined, Forward>();
  private reverse: { readonly plan: LoopPlan; readonly r: Reverse } | undefined;
  private readonly at: Span = { start: 0, step: 0 };

  /** By slot: tangent registers (`lanes` blocks each) of active values, in forward mode. */
  private readonly tangentRegs: (Float64Array | undefined)[] = [];
  private readonly tangentSums: Float64Array;
  private readonly tangents: TangentContext;

  private constructor(
    private readonly s: Loop,
    private readonly act: Activity,
    private readonly acc: readonly Accumulator[],
    private readonly lanes: number,
  ) {
    const inside = new Set<number>();
    for (const t of s.body) if ('id' in t) inside.add(t.id);
    for (const c of s.carried) inside.add(c.phi);
    const slot = (id: number): number => {
      let k = this.slots.get(id);
      if (k === undefined) {
        k = this.ids.length;
        this.slots.set(id, k);
        this.ids.push(id);
        this.outside.push(!inside.has(id));
        this.uniform.push(!inside.has(id));
        this.regs.push(undefined);
        this.adjointRegs.push(undefined);
        this.tangentRegs.push(undefined);
      }
      return k;
    };
    for (const c of s.carried) this.phis.add(slot(c.phi));
    for (const t of s.body) {
      const reads = t.op === 'select' ? [t.cond, ...t.args] : t.op === 'store' ? [t.value] : [];
      if (t.op === 'prim' || t.op === 'cmp') reads.push(...t.args);
      const read = reads.map(slot);
      // A load whose index does not move with this loop reads one element, in every iteration.
      // In forward mode (lanes) only constants are: tangents are computed per element.
      const uniform =
        t.op === 'const' ||
        (lanes === 0 &&
          (t.op === 'load'
            ? !t.index.terms.some(([l]) => l === s.loop)
            : t.op !== 'store' && read.every((k) => this.uniform[k])));
      if ('id' in t) this.uniform[slot(t.id)] = uniform;
    }
    this.scalars = 2 * this.ids.length;
    for (const t of s.body) if ('id' in t && this.uniform[slot(t.id)]) this.compileUniform(t);
    this.summed = new Set(acc.map((a) => a.add));
    this.sums = new Float64Array(acc.length);
    this.tangentSums = new Float64Array(acc.length * lanes);
    const at = this.at;
    const loop = s.loop;
    this.tangents = {
      act,
      lanes,
      stride: BLOCK,
      P0: this.P,
      P1: new Float64Array(BLOCK),
      reg: (id) => this.reg(id),
      tangentReg: (id) => this.tangentReg(id),
      span: (m, index, i0) => {
        span(m, index, loop, i0, at);
        return at;
      },
    };
  }

  /**
   * The blocked form of `s`, or `undefined` when it must run iteration by iteration (as it
   * must when a reverse sweep tapes any of its carried values: those are recurrences).
   */
  static of(s: Loop, act: Activity, taped: readonly unknown[], lanes = 0): BlockLoop | undefined {
    const acc = accumulators(s, taped);
    return acc === undefined ? undefined : new BlockLoop(s, act, acc, lanes);
  }

  private slot(id: number): number {
    return this.slots.get(id) as number;
  }

  /** A new per-call number, or one holding `value` when given. */
  private scalar(value?: number): number {
    const k = this.scalars++;
    if (value !== undefined) this.constants.push([k, value]);
    return k;
  }

  /** Makes `S` as long as the compiled steps need. */
  private seal(): void {
    if (this.S.length >= this.scalars) return;
    this.S = new Float64Array(this.scalars);
    for (const [k, v] of this.constants) this.S[k] = v;
  }

  /** The value register of `id` (a uniform value's is filled once per call). */
  private reg(id: number): Float64Array {
    const k = this.slot(id);
    return (this.regs[k] ??= new Float64Array(BLOCK));
  }

  private tangentReg(id: number): Float64Array {
    const k = this.slot(id);
    return (this.tangentRegs[k] ??= new Float64Array(BLOCK * this.lanes));
  }

  private adjointReg(slot: number): Float64Array {
    return (this.adjointRegs[slot] ??= new Float64Array(BLOCK));
  }

  /**
   * Whether partial `k` of `s` is the same in every iteration: everything its expression reads
   * is (`mul`'s by a value from outside the loop is, whatever the other operand).
   */
  private uniformPartial(s: Statement & { op: 'prim' }, k: 0 | 1): boolean {
    const need = reads(k === 0 ? s.p.spec.da : s.p.spec.db);
    const u = (id: number): boolean => this.uniform[this.slot(id)];
    return (!need.a || u(s.args[0])) && (!need.b || u(s.args[1])) && (!need.y || u(s.id));
  }

  /** A statement whose value is the same in every iteration, as a step run once per call. */
  private compileUniform(t: Statement): void {
    const y = this.slot((t as { id: number }).id);
    switch (t.op) {
      case 'const': {
        const value = t.value;
        this.uniformSteps.push(() => {
          this.S[y] = value;
          return true;
        });
        return;
      }
      case 'load': {
        const { buffer, index } = t;
        this.uniformSteps.push((m) => {
          this.S[y] = m.buffer(buffer)[m.index(index)];
          return true;
        });
        return;
      }
      case 'prim': {
        const a = this.slot(t.args[0]);
        const b = t.args.length > 1 ? this.slot(t.args[1]) : -1;
        const code = t.p.code;
        this.uniformSteps.push(() => {
          const S = this.S;
          S[y] = valueAndPartials(code, S[a], b < 0 ? 0 : S[b]);
          return true;
        });
        return;
      }
      case 'cmp': {
        const a = this.slot(t.args[0]);
        const b = this.slot(t.args[1]);
        const { cmp, guard, expected } = t;
        this.uniformSteps.push((_m, guards) => {
          const r = compare(cmp, this.S[a], this.S[b]);
          this.S[y] = r ? 1 : 0;
          return !(guard && guards && r !== expected);
        });
        return;
      }
      case 'select': {
        const c = this.slot(t.cond);
        const a = this.slot(t.args[0]);
        const b = this.slot(t.args[1]);
        this.uniformSteps.push(() => {
          const S = this.S;
          S[y] = S[c] !== 0 ? S[a] : S[b];
          return true;
        });
        return;
      }
      default:
        return;
    }
  }

  /** The block steps of the statements in `only` (all but the summed `add`s when undefined). */
  private forwardOf(only: ReadonlySet<Statement> | undefined): Forward {
    let f = this.forwards.get(only);
    if (f === undefined) {
      f = this.compileForward(only);
      this.forwards.set(only, f);
      this.seal();
    }
    return f;
  }

  private compileForward(only: ReadonlySet<Statement> | undefined): Forward {
    const steps: BlockStep[] = [];
    const loop = this.s.loop;
    const at = this.at;
    for (const t of this.s.body) {
      if (this.summed.has(t) || (only !== undefined && !only.has(t))) continue;
      if ('id' in t && this.uniform[this.slot(t.id)]) continue;
      switch (t.op) {
        case 'load': {
          const { buffer, index } = t;
          const Y = this.reg(t.id);
          steps.push((m, i0, n) => {
            // Copied, not viewed: a view (`subarray`) would be a new object per block and call.
            span(m, index, loop, i0, at);
            const { start, step } = at;
            const data = m.buffer(buffer);
            if (step === 1) for (let k = 0; k < n; k++) Y[k] = data[start + k];
            else for (let k = 0; k < n; k++) Y[k] = data[start + step * k];
            return true;
          });
          break;
        }
        case 'prim': {
          const A = this.reg(t.args[0]);
          const B = this.reg(t.args.length > 1 ? t.args[1] : t.args[0]);
          const Y = this.reg(t.id);
          const code = t.p.code;
          steps.push((_m, _i0, n) => {
            blockValue(code, n, A, B, Y);
            return true;
          });
          break;
        }
        case 'cmp': {
          const A = this.reg(t.args[0]);
          const B = this.reg(t.args[1]);
          const Y = this.reg(t.id);
          const { cmp, guard } = t;
          const want = t.expected ? 1 : 0;
          steps.push((_m, _i0, n, guards) => {
            compareBlock(cmp, n, A, B, Y);
            if (guards && guard) for (let k = 0; k < n; k++) if (Y[k] !== want) return false;
            return true;
          });
          break;
        }
        case 'select': {
          const C = this.reg(t.cond);
          const A = this.reg(t.args[0]);
          const B = this.reg(t.args[1]);
          const Y = this.reg(t.id);
          steps.push((_m, _i0, n) => {
            for (let k = 0; k < n; k++) Y[k] = C[k] !== 0 ? A[k] : B[k];
            return true;
          });
          break;
        }
        case 'store': {
          const { buffer, index } = t;
          const V = this.reg(t.value);
          steps.push((m, i0, n) => {
            span(m, index, loop, i0, at);
            const { start, step } = at;
            const data = m.buffer(buffer) as Float64Array;
            for (let k = 0; k < n; k++) data[start + step * k] = V[k];
            return true;
          });
          break;
        }
        default:
          break;
      }
      const tangent = this.lanes > 0 ? tangentStep(t, this.tangents) : undefined;
      if (tangent !== undefined)
        steps.push((m, i0, n) => {
          tangent(m, i0, n);
          return true;
        });
    }
    for (const a of this.acc) {
      this.reg(a.x);
      if (this.lanes > 0 && this.act.ids[a.x] === 1) this.tangentReg(a.x);
    }
    return steps;
  }

  /**
   * The per-call start of a pass: values from outside into `S`, the uniform statements, and
   * the uniform values block steps read broadcast into their registers.
   */
  private begin(m: Machine, guards: boolean): boolean {
    const { V } = m;
    const { ids, outside, uniform, regs, uniformSteps } = this;
    const S = this.S;
    for (let k = 0; k < ids.length; k++) if (outside[k]) S[k] = V[ids[k]];
    for (let q = 0; q < uniformSteps.length; q++) if (!uniformSteps[q](m, guards)) return false;
    for (let k = 0; k < ids.length; k++) {
      const R = regs[k];
      if (uniform[k] && R !== undefined) spread(R, S[k], BLOCK);
    }
    const { lanes, tangentRegs } = this;
    for (let k = 0; k < ids.length; k++) {
      const TR = tangentRegs[k];
      if (!outside[k] || TR === undefined) continue;
      for (let l = 0; l < lanes; l++) {
        const t = m.tangentOf(ids[k], l);
        for (let e = 0; e < BLOCK; e++) TR[l * BLOCK + e] = t;
      }
    }
    return true;
  }

  /** The loop forward, its accumulators summed in iteration order. */
  forward(m: Machine, guards: boolean): boolean {
    const steps = this.forwardOf(undefined);
    if (!this.begin(m, guards)) return false;
    const { V } = m;
    const { sums, acc, lanes, tangentSums } = this;
    for (let j = 0; j < acc.length; j++) {
      const init = acc[j].c.init;
      sums[j] = init < 0 ? 0 : V[init];
      for (let l = 0; l < lanes; l++)
        tangentSums[j * lanes + l] = init < 0 ? 0 : m.tangentOf(init, l);
    }
    const count = this.s.count;
    for (let i0 = 0; i0 < count; i0 += BLOCK) {
      const n = Math.min(BLOCK, count - i0);
      for (let q = 0; q < steps.length; q++) if (!steps[q](m, i0, n, guards)) return false;
      for (let j = 0; j < acc.length; j++) {
        const a = acc[j];
        sums[j] = sumBlock(n, sums[j], this.reg(a.x), 0, a.phiFirst);
        if (lanes === 0 || this.act.ids[a.x] === 0) continue;
        const TX = this.tangentReg(a.x);
        for (let l = 0; l < lanes; l++)
          tangentSums[j * lanes + l] = sumBlock(
            n,
            tangentSums[j * lanes + l],
            TX,
            l * BLOCK,
            a.phiFirst,
          );
      }
    }
    for (let j = 0; j < acc.length; j++) {
      const { phi, out } = acc[j].c;
      V[phi] = sums[j];
      V[out] = sums[j];
      if (lanes === 0 || this.act.ids[phi] === 0) continue;
      for (let l = 0; l < lanes; l++) {
        m.T[phi * lanes + l] = tangentSums[j * lanes + l];
        m.T[out * lanes + l] = tangentSums[j * lanes + l];
      }
    }
    return true;
  }

  /**
   * The loop's reverse sweep: blocks from the last, each recomputing what `plan` says and
   * sending adjoints back statement by statement. An accumulator's adjoint is the same in every
   * iteration (its `add` passes it on times 1). Adjoints of values from outside the loop are
   * collected per element and added in the order generated code adds them (iterations from the
   * last, statements from the last).
   */
  backward(m: ReverseMachine, plan: LoopPlan): void {
    const recompute = this.forwardOf(plan.recompute);
    if (this.reverse?.plan !== plan) {
      this.reverse = { plan, r: this.compileReverse() };
      this.seal();
    }
    const { perCall, perBlock, pooled } = this.reverse.r;
    const { G } = m;
    const { pool } = this;
    this.begin(m, false);
    for (let q = 0; q < perCall.length; q++) perCall[q](m);
    const count = this.s.count;
    const used = pooled.length;
    const last = Math.floor((count - 1) / BLOCK) * BLOCK;
    for (let i0 = last; i0 >= 0; i0 -= BLOCK) {
      const n = Math.min(BLOCK, count - i0);
      for (let q = 0; q < recompute.length; q++) recompute[q](m, i0, n, false);
      for (let q = 0; q < perBlock.length; q++) perBlock[q](m, i0, n);
      if (used > 0)
        for (let k = n - 1; k >= 0; k--) for (let o = 0; o < used; o++) G[pooled[o]] += pool[o][k];
    }
    const { act, acc } = this;
    for (let j = 0; j < acc.length; j++) {
      const c = acc[j].c;
      if (c.init >= 0 && act.ids[c.phi] === 1 && act.ids[c.init] === 1)
        G[c.init] += this.S[this.slots.size + this.slot(c.next)];
    }
  }

  /**
   * The reverse sweep as steps, statement by statement from the last. Each adjoint is, as the
   * sweep reaches it, not yet sent to (`NONE`: its statement sends nothing), one number per call
   * (`UNIFORM`: every contribution so far was a uniform adjoint times a uniform partial), or a
   * register (`VARYING`), whose first write in a block is an assignment.
   */
  private compileReverse(): Reverse {
    const { act } = this;
    const nslots = this.ids.length;
    const state = new Uint8Array(nslots);
    const perCall: ((m: ReverseMachine) => void)[] = [];
    const perBlock: BackStep[] = [];
    const pooled: number[] = [];
    const flushes: Flush[] = [];
    /** Adjoints whose register a target took over. */
    const given = new Set<number>();
    const adjoint = (slot: number): number => nslots + slot;
    // The accumulators' adjoints: the adjoint of the sum, in every iteration.
    for (const a of this.acc) {
      const { c } = a;
      if (act.ids[c.phi] === 0 || act.ids[c.next] === 0) continue;
      const next = adjoint(this.slot(c.next));
      const out = c.out;
      state[this.slot(c.next)] = UNIFORM;
      perCall.push((m) => {
        this.S[next] = act.ids[out] === 1 ? m.G[out] : 0;
      });
    }
    /** Where a contribution varying by element goes: a register, and whether it assigns. */
    const sink = (t: number): [Float64Array, boolean] => {
      if (this.outside[t]) {
        const o = pooled.length;
        pooled.push(this.ids[t]);
        return [(this.pool[o] ??= new Float64Array(BLOCK)), true];
      }
      const T = this.adjointReg(t);
      if (state[t] === NONE) {
        state[t] = VARYING;
        return [T, true];
      }
      if (state[t] === UNIFORM) {
        state[t] = VARYING;
        const from = adjoint(t);
        perBlock.push((_m, _i0, n) => spread(T, this.S[from], n));
      }
      return [T, false];
    };
    /** The register of adjoint `y` (a uniform one spread into it per block). */
    const adjointRegister = (y: number): Float64Array => {
      const R = this.adjointReg(y);
      if (state[y] === UNIFORM) {
        const from = adjoint(y);
        perBlock.push((_m, _i0, n) => spread(R, this.S[from], n));
      }
      return R;
    };
    const send = (s: Statement & { op: 'prim' }, k: 0 | 1): void => {
      const y = this.slot(s.id);
      const t = this.slot(s.args[k]);
      const code = s.p.code;
      const fixed = constantPartial(code, k);
      let p = -1;
      if (fixed !== undefined) p = this.scalar(fixed);
      else if (this.uniformPartial(s, k)) {
        const a = this.slot(s.args[0]);
        const b = s.args.length > 1 ? this.slot(s.args[1]) : -1;
        const into = (p = this.scalar());
        perCall.push(() => {
          const S = this.S;
          valueAndPartials(code, S[a], b < 0 ? 0 : S[b]);
          S[into] = PARTIALS[k];
        });
      }
      const gy = adjoint(y);
      if (state[y] === UNIFORM && p >= 0) {
        const g = gy;
        if (!this.outside[t] && state[t] !== VARYING) {
          const into = adjoint(t);
          const first = state[t] === NONE;
          state[t] = UNIFORM;
          perCall.push(() => {
            const S = this.S;
            const gv = S[g];
            if (gv !== 0) S[into] = (first ? 0 : S[into]) + gv * S[p];
            else if (first) S[into] = 0;
          });
          return;
        }
        const [T, assign] = sink(t);
        perBlock.push((_m, _i0, n) => sendUniform(n, this.S[g], this.S[p], T, assign));
        return;
      }
      if (fixed === 1 && state[y] === VARYING && state[t] === NONE && !this.outside[t]) {
        // `T = 0 + GY` is GY but for the sign of a zero: the target takes over the register of
        // an adjoint no statement reads after its own (SSA), unless a first operand took it.
        if (!given.has(y)) {
          given.add(y);
          this.adjointRegs[t] = this.adjointReg(y);
          state[t] = VARYING;
          return;
        }
      }
      const [T, assign] = sink(t);
      const P = this.P;
      if (p >= 0) {
        const GY = this.adjointReg(y);
        perBlock.push((_m, _i0, n) => sendConstant(n, GY, this.S[p], T, assign));
        return;
      }
      const A = this.reg(s.args[0]);
      const B = this.reg(s.args.length > 1 ? s.args[1] : s.args[0]);
      const Y = this.reg(s.id);
      if (state[y] === UNIFORM)
        perBlock.push((_m, _i0, n) =>
          sendScalarPartial(code, k, n, A, B, Y, this.S[gy], T, assign, P),
        );
      else {
        const GY = this.adjointReg(y);
        perBlock.push((_m, _i0, n) => sendPartial(code, k, n, A, B, Y, GY, T, assign, P));
      }
    };
    const loop = this.s.loop;
    const at = this.at;
    const body = this.s.body;
    for (let q = body.length - 1; q >= 0; q--) {
      const t = body[q];
      switch (t.op) {
        case 'prim': {
          if (act.ids[t.id] === 0 || state[this.slot(t.id)] === NONE) break;
          for (let k = 0; k < t.args.length; k++) {
            const arg = t.args[k];
            // An accumulator's phi is read by nothing but its `add`: its adjoint goes nowhere.
            if (act.ids[arg] === 0 || this.phis.has(this.slot(arg))) continue;
            send(t, k as 0 | 1);
          }
          break;
        }
        case 'select': {
          const y = this.slot(t.id);
          if (act.ids[t.id] === 0 || state[y] === NONE) break;
          const C = this.reg(t.cond);
          const GY = adjointRegister(y);
          const side = (id: number): Float64Array | undefined => {
            if (act.ids[id] === 0) return undefined;
            const [T, assign] = sink(this.slot(id));
            if (assign) perBlock.push((_m, _i0, n) => spread(T, 0, n));
            return T;
          };
          const TA = side(t.args[0]);
          const TB = t.args[1] === t.args[0] ? TA : side(t.args[1]);
          perBlock.push((_m, _i0, n) => sendSelected(n, C, GY, TA, TB));
          break;
        }
        case 'load': {
          const y = this.slot(t.id);
          if (act.ids[t.id] === 0 || state[y] === NONE) break;
          const { buffer, index } = t;
          if (state[y] === UNIFORM) {
            const g = adjoint(y);
            perBlock.push((m, i0, n) => {
              span(m, index, loop, i0, at);
              addUniformToBuffer(n, this.S[g], m.adjointBuffer(buffer), at.start, at.step);
            });
          } else {
            // Added at the end of the block, with the other loads' (see `flush`).
            flushes.push({ buffer, index, GY: this.adjointReg(y) });
          }
          break;
        }
        case 'store': {
          if (act.buffers[t.buffer] === 0) break;
          const { buffer, index } = t;
          const v = this.slot(t.value);
          const [T, assign] =
            act.ids[t.value] === 1 && !this.phis.has(v) ? sink(v) : [undefined, false];
          perBlock.push((m, i0, n) => {
            span(m, index, loop, i0, at);
            takeFromBuffer(n, m.adjointBuffer(buffer), at.start, at.step, T, assign);
          });
          break;
        }
        default:
          break;
      }
    }
    if (flushes.length > 0) perBlock.push(this.flush(flushes));
    return { perCall, perBlock, pooled };
  }

  /**
   * The loads' adjoints, added to their buffers in one pass at the end of each block. A load's
   * adjoint is complete once the sweep reaches it (SSA), and nothing else in the loop writes a
   * loaded buffer's adjoint, so deferring them changes nothing but the order of additions, which
   * becomes generated code's: element by element from the last, each element's loads from the
   * last statement.
   */
  private flush(flushes: readonly Flush[]): BackStep {
    const count = flushes.length;
    const GY = flushes.map((f) => f.GY);
    const GX: Float64Array[] = flushes.map(() => this.P);
    const starts = new Int32Array(count);
    const steps = new Int32Array(count);
    const loop = this.s.loop;
    const at = this.at;
    return (m, i0, n) => {
      for (let f = 0; f < count; f++) {
        span(m, flushes[f].index, loop, i0, at);
        starts[f] = at.start;
        steps[f] = at.step;
        GX[f] = m.adjointBuffer(flushes[f].buffer);
      }
      addAllToBuffers(n, count, GY, GX, starts, steps);
    };
  }
}
