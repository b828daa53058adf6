// Over 400 lines: one generator; the forward sweep and the adjoint sweep (with its tangent lanes) come from one walk of the program.
import { hessianOf } from '../primitives/second-order-primitives.js';
import { activity, type Activity } from './activity.js';
import { callActive, declareCalls, emitCallBackward, emitCallValue } from './emit-call.js';
import {
  buffer,
  carryOver,
  constantTable,
  emitForward,
  finiteConstantOf,
  type ForwardOptions,
} from './emit-forward.js';
import { TangentWriter } from './emit-tangent.js';
import {
  callBuffers,
  defined,
  operands,
  walk,
  type Call,
  type Loop,
  type Program,
  type Statement,
} from './program.js';
import { pinLoopBody, pinTopLevel } from './pin-forward-values.js';
import { definedIn, planReverse, type LoopPlan, type ReversePlan } from './reverse-plan.js';
import {
  adjoint,
  bufferAdjoint,
  bufferDeclarations,
  counter,
  finitePartial,
  indexOf,
  instantiate,
  Lines,
  primPartial,
  scaledTerm,
  tangent,
  value,
} from './source.js';
import { NotStaged } from './tracer.js';

/** Generated reverse-mode code and what calling it needs. */
export interface ReverseSource {
  /**
   * The body of `(X, P, B, K, R, GB, TP, G, DY, Y, TX, TB, GBT, TPT, GT, CS, O) => boolean`
   * (false: a guard failed); `TX` to `GT` are used only in forward over reverse (`lanes > 0`).
   */
  readonly source: string;
  /** The constants table `K`. */
  readonly constants: Float64Array;
  /** Buffers that need an adjoint buffer in `GB` (and a tangent buffer in `TB`, `GBT`). */
  readonly adjointBuffers: readonly number[];
  /** Lengths of the tapes `TP` (one per taped carried value; `TPT` has `lanes` times as many). */
  readonly tapes: readonly number[];
}

/** How a reverse kernel is written besides its program. */
export interface ReverseOptions {
  /**
   * False for the unguarded kernel (`unguardedSafe`): products are written without their zero
   * tests, and every contribution to the results is tested for NaN instead (`return null`).
   */
  readonly zeroTests?: boolean;
  /** False when the caller does not keep the input's adjoint `G`: it is not written. */
  readonly gradient?: boolean;
}

/** The tangent of the adjoint of `id` in `lane` (forward over reverse). */
const adjointTangent = (id: number, lane: number): string => `h${id}_${lane}`;

/**
 * Generates the reverse sweep of a program: a forward sweep computing what the output and the
 * reverse sweep need, then adjoints in reverse program order. `Y` receives the output's values
 * when `withValue`, `G` the adjoint of the input for the output cotangent `DY`.
 *
 * With `lanes > 0` it is forward over reverse (Hessian-vector products): every value also
 * carries `lanes` tangents (input tangents in `TX`), and every adjoint its tangents, computed
 * from the primitives' second partials; `GT` receives the adjoint's tangents, `H·v` per lane.
 */
export function emitReverse(
  p: Program,
  withValue: boolean,
  lanes = 0,
  { zeroTests = true, gradient = true }: ReverseOptions = {},
): ReverseSource {
  const act = activity(p);
  const plan = planReverse(p, act, lanes > 0);
  const table = constantTable(p);
  const { index: constants, values } = table;
  const finiteConstant = finiteConstantOf(table);
  const { tapes, tapeIndex } = tapeLayout(p, plan);
  const adjointBuffers = p.buffers.flatMap((b, k) =>
    b.kind === 'temp' && act.buffers[k] === 1 ? [k] : [],
  );
  const second =
    lanes > 0 ? new TangentWriter(p, act, lanes, finiteConstant, zeroTests) : undefined;
  const out = new Lines();
  bufferDeclarations(p, out, (b) => adjointBuffers.includes(b));
  const sites = declareCalls(p, out);
  if (second !== undefined && [...sites.keys()].some((s) => callActive(act, s))) {
    throw new NotStaged(
      'it calls functions through their rules, which forward over reverse does not compile yet',
    );
  }
  const emitter = new ReverseEmitter(
    p,
    act,
    plan,
    constants,
    finiteConstant,
    tapeIndex,
    second,
    sites,
    zeroTests,
    gradient || lanes === 0,
  );

  tapes.forEach((_, k) => out.push(`const TP${k} = TP[${k}];`));
  if (second !== undefined) {
    for (const b of adjointBuffers) out.push(`const TB${b} = TB[${b}]; const GBT${b} = GBT[${b}];`);
    tapes.forEach((_, k) => {
      for (let l = 0; l < lanes; l++) out.push(`const TPT${k}_${l} = TPT[${k * lanes + l}];`);
    });
  }
  const live = liveForward(p, act, plan, withValue);
  emitForward(p, constants, p.body, out, emitter.forwardOptions(p.body, live));
  // Pins keep forward values out of zero-tested branches; a kernel without zero tests has none.
  if (zeroTests) pinTopLevel(p, act, plan, live, withValue, lanes, out);
  if (withValue) writeOutputs(p, out);

  // `G` and `GT` arrive zeroed: they are the caller's fresh results.
  for (const b of adjointBuffers) {
    out.push(`${bufferAdjoint('temp', b)}.fill(0);`);
    if (second !== undefined) out.push(`GBT${b}.fill(0);`);
  }
  for (const s of p.body) {
    const id = defined(s);
    if (id >= 0) emitter.declare(id, out);
    if (s.op === 'loop') for (const c of s.carried) emitter.declare(c.out, out);
  }
  seed(p, act, out);
  // The seed wrote some of them: from here on, every top-level adjoint accumulates.
  emitter.settle();
  emitter.backward(p.body, out);
  out.push('return true;');
  return { source: out.toString(), constants: values, adjointBuffers, tapes };
}

/** The tapes `TP` of a reverse sweep: one per taped carried value, with its place by `phi`. */
export function tapeLayout(
  p: Program,
  plan: ReversePlan,
): { readonly tapes: readonly number[]; readonly tapeIndex: ReadonlyMap<number, number> } {
  const tapes: number[] = [];
  const tapeIndex = new Map<number, number>();
  const collect = (body: readonly Statement[]): void => {
    for (const s of body) {
      if (s.op !== 'loop') continue;
      for (const phi of plan.loops.get(s.loop)?.taped ?? []) {
        tapeIndex.set(phi, tapes.length);
        // An inner loop's tape is refilled in each iteration of the loop around it.
        tapes.push(s.count);
      }
      collect(s.body);
    }
  };
  collect(p.body);
  return { tapes, tapeIndex };
}

/** Adds the output cotangent `DY` to the output's adjoints (its tangent is zero). */
function seed(p: Program, act: Activity, out: Lines): void {
  let k = 0;
  for (const leaf of p.outputs) {
    if (leaf.kind === 'scalar') {
      if (act.ids[leaf.id] === 1) out.push(`${adjoint(leaf.id)} += DY[${k}];`);
      k++;
    } else {
      if (act.buffers[leaf.buffer] === 1) {
        const g = bufferAdjoint(p.buffers[leaf.buffer].kind, leaf.buffer);
        out.push(
          `for (let j = 0; j < ${leaf.length}; j++) ${g}[${leaf.offset} + j] += DY[${k} + j];`,
        );
      }
      k += leaf.length;
    }
  }
}

/** Writes the output's leaves into `Y`, flattened. */
export function writeOutputs(p: Program, out: Lines): void {
  let k = 0;
  for (const leaf of p.outputs) {
    if (leaf.kind === 'scalar') out.push(`Y[${k++}] = ${value(leaf.id)};`);
    else {
      out.push(
        `for (let j = 0; j < ${leaf.length}; j++) Y[${k} + j] = ${buffer(p, leaf.buffer)}[${leaf.offset} + j];`,
      );
      k += leaf.length;
    }
  }
}

/**
 * The top-level statements the forward sweep must run: those the output needs (when its value
 * is wanted), those the reverse sweep reads, loops that store per-iteration values, and whatever
 * fills the buffers any of these read. A reduction feeding only the output is skipped when just
 * the derivative is wanted: its reverse sweep recomputes what it needs.
 */
export function liveForward(
  p: Program,
  act: Activity,
  plan: ReversePlan,
  withValue: boolean,
): Set<Statement> {
  const ids = new Set<number>(plan.needs);
  const buffers = new Set<number>();
  // Whatever a loop's reverse sweep reloads must be in its buffers.
  for (const [, loopPlan] of plan.loops) {
    for (const s of loopPlan.recompute) if (s.op === 'load') buffers.add(s.buffer);
  }
  if (withValue) {
    for (const leaf of p.outputs) {
      if (leaf.kind === 'scalar') ids.add(leaf.id);
      else buffers.add(leaf.buffer);
    }
  }
  const live = new Set<Statement>();
  for (let k = p.body.length - 1; k >= 0; k--) {
    const s = p.body[k];
    let isLive: boolean;
    if (s.op === 'loop') {
      const lp = plan.loops.get(s.loop) as LoopPlan;
      isLive =
        lp.taped.length > 0 ||
        s.carried.some((c) => ids.has(c.out)) ||
        storesInto(s, buffers) ||
        guards(s);
      if (isLive) {
        lp.forwardReads.forEach((id) => ids.add(id));
        loadsOf(s, buffers);
      }
    } else if (s.op === 'store') {
      isLive = buffers.has(s.buffer);
      if (isLive) ids.add(s.value);
    } else {
      // An active call runs forward to keep its pullback for the reverse sweep.
      isLive =
        ids.has(defined(s)) ||
        (s.op === 'cmp' && s.guard) ||
        (s.op === 'call' &&
          (callActive(act, s) || (s.result.kind !== 'scalar' && buffers.has(s.result.buffer))));
      if (isLive) {
        operands(s).forEach((id) => ids.add(id));
        if (s.op === 'load') buffers.add(s.buffer);
        if (s.op === 'call') callBuffers(s).forEach((b) => buffers.add(b));
      }
    }
    if (isLive) live.add(s);
  }
  return live;
}

function guards(loop: Loop): boolean {
  return loop.body.some((s) => (s.op === 'cmp' && s.guard) || (s.op === 'loop' && guards(s)));
}

function storesInto(loop: Loop, buffers: ReadonlySet<number>): boolean {
  return loop.body.some(
    (s) =>
      (s.op === 'store' && buffers.has(s.buffer)) || (s.op === 'loop' && storesInto(s, buffers)),
  );
}

function loadsOf(loop: Loop, buffers: Set<number>): void {
  for (const s of loop.body) {
    if (s.op === 'load') buffers.add(s.buffer);
    else if (s.op === 'loop') loadsOf(s, buffers);
  }
}

/** Writes forward code with tapes, and adjoint code in reverse order. */
class ReverseEmitter {
  private readonly lanes: number;
  /**
   * Adjoint variables (and adjoint tangents) declared in the scope being written and not
   * written since: their first write assigns instead of adding to 0 (an addition the compiler
   * must keep, as `0 + x` is not `x` for x = -0; derivatives may differ in the sign of a zero).
   */
  private readonly fresh = new Set<string>();

  constructor(
    private readonly p: Program,
    private readonly act: Activity,
    private readonly plan: ReversePlan,
    private readonly constants: ReadonlyMap<number, number>,
    private readonly finiteConstant: (id: number) => boolean,
    private readonly tapeIndex: ReadonlyMap<number, number>,
    private readonly second: TangentWriter | undefined,
    private readonly sites: ReadonlyMap<Call, string>,
    /** False: products without zero tests, results tested for NaN (see `ReverseOptions`). */
    private readonly zeroTests: boolean,
    /** False: the input's adjoint `G` is not written (forward over reverse only). */
    private readonly gradient: boolean,
  ) {
    this.lanes = second?.lanes ?? 0;
  }

  private active(id: number): boolean {
    return id >= 0 && this.act.ids[id] === 1;
  }

  /** Options for a forward emission of `body` that also fills the tapes of its loops. */
  forwardOptions(body: readonly Statement[], only?: ReadonlySet<Statement>): ForwardOptions {
    const tape = new Map<number, number[]>();
    for (const s of body)
      if (s.op === 'loop') tape.set(s.loop, [...(this.plan.loops.get(s.loop)?.taped ?? [])]);
    const hooks = this.second?.hooks() ?? {};
    return {
      ...hooks,
      only,
      tape,
      tapeName: (phi) => `TP${this.tapeIndex.get(phi)}`,
      call: (s, out) =>
        emitCallValue(
          this.p,
          s,
          this.sites.get(s) as string,
          callActive(this.act, s) ? 'forward' : 'value',
          out,
        ),
      iteration: (s, out) => {
        if (this.second === undefined) return;
        for (const phi of tape.get(s.loop) ?? []) {
          for (let l = 0; l < this.lanes; l++) {
            out.push(
              `TPT${this.tapeIndex.get(phi)}_${l}[${counter(s.loop)}] = ${this.second.of(phi, l)};`,
            );
          }
        }
      },
    };
  }

  /** Declares the adjoint (and its tangents) of `id`, zero. */
  declare(id: number, out: Lines): void {
    if (!this.active(id)) return;
    out.push(`let ${adjoint(id)} = 0;`);
    this.fresh.add(adjoint(id));
    for (let l = 0; l < this.lanes; l++) {
      out.push(`let ${adjointTangent(id, l)} = 0;`);
      this.fresh.add(adjointTangent(id, l));
    }
  }

  /** Every variable declared so far accumulates from now on (see `fresh`). */
  settle(): void {
    this.fresh.clear();
  }

  /** `name` plus `terms` (` + x`, ` - x`, …): an assignment of the terms at its first write. */
  private accumulate(name: string, terms: string): string {
    if (!this.fresh.delete(name)) return `${name} = ${name}${terms};`;
    return `${name} = ${terms.replace(/^ \+ /, '').replace(/^ - /, '-')};`;
  }

  /** Marks `id`'s adjoint and its tangents as written (by code that adds with `+=`). */
  private written(id: number): void {
    this.fresh.delete(adjoint(id));
    for (let l = 0; l < this.lanes; l++) this.fresh.delete(adjointTangent(id, l));
  }

  backward(body: readonly Statement[], out: Lines): void {
    for (let k = body.length - 1; k >= 0; k--) this.statement(body[k], out);
  }

  /**
   * `g{target} += g{from}·partial` and, in forward over reverse, its tangent lines. A `fixed`
   * partial (a finite constant, from `finitePartial`) is written in place of `partial`, with no
   * multiplication by ±1 and no zero test.
   */
  private send(
    target: number,
    from: number,
    partial: string,
    fixed: string | undefined,
    partialTangent: (lane: number) => string,
    out: string[],
  ): void {
    const g = adjoint(from);
    out.push(
      this.accumulate(
        adjoint(target),
        fixed === undefined ? ` + ${g} * ${partial}` : scaledTerm(fixed, g),
      ),
    );
    for (let l = 0; l < this.lanes; l++) {
      const gt = adjointTangent(from, l);
      const pt = partialTangent(l);
      const viaPartial =
        fixed === undefined ? ` + ${this.product(partial, gt)}` : scaledTerm(fixed, gt);
      const h = adjointTangent(target, l);
      if (pt === '0') out.push(this.accumulate(h, viaPartial));
      else if (!this.zeroTests) out.push(this.accumulate(h, `${viaPartial} + ${g} * (${pt})`));
      else {
        // As on the eager engine's duals: g · ṗ is 0 when either is (an infinite adjoint
        // times a zero tangent of the partial is 0 there, not NaN).
        const line = this.accumulate(h, `${viaPartial} + (q === 0 || ${g} === 0 ? 0 : ${g} * q)`);
        out.push(`{ const q = ${pt}; ${line} }`);
      }
    }
  }

  /** `partial · t`, with a zero test unless this kernel drops them (see `TangentWriter.product`). */
  private product(partial: string, t: string): string {
    return this.zeroTests ? `(${t} === 0 ? 0 : ${partial} * ${t})` : `${partial} * ${t}`;
  }

  /** Partial `k` of `s` when it is a finite constant (see `finitePartial`). */
  private fixed(s: Statement & { op: 'prim' }, k: number): string | undefined {
    return finitePartial(s.p, k as 0 | 1, s.args, this.finiteConstant);
  }

  /** The condition under which a statement's adjoint contributes: a value or a tangent non-zero. */
  private nonZero(id: number): string {
    const parts = [`${adjoint(id)} !== 0`];
    for (let l = 0; l < this.lanes; l++) parts.push(`${adjointTangent(id, l)} !== 0`);
    return parts.join(' || ');
  }

  private statement(s: Statement, out: Lines): void {
    switch (s.op) {
      case 'prim': {
        if (!this.active(s.id)) return;
        const h = this.second === undefined ? undefined : hessianOf(s.p);
        if (this.second !== undefined && h === undefined) {
          throw new NotStaged(`${s.p.name} has no second partials for forward over reverse`);
        }
        const lines: string[] = [];
        // Stays true while every partial sent is a finite constant with a zero tangent.
        let tame = true;
        s.args.forEach((arg, k) => {
          if (!this.active(arg)) return;
          const partial = primPartial(s.p, k as 0 | 1, s.args, s.id);
          const fixed = this.fixed(s, k);
          const tangentOfPartial = (lane: number): string => {
            if (h === undefined) return '0';
            const rows = k === 0 ? [h.aa, h.ab] : [h.ab, h.bb];
            const terms = s.args.flatMap((op, j) => {
              const t = this.second?.of(op, lane) ?? '0';
              const hj = rows[j];
              if (hj === '0' || t === '0') return [];
              return [this.product(instantiate(hj, s.args, s.id), t)];
            });
            return terms.length === 0 ? '0' : terms.join(' + ');
          };
          if (fixed === undefined) tame = false;
          for (let l = 0; l < this.lanes; l++) if (tangentOfPartial(l) !== '0') tame = false;
          this.send(arg, s.id, partial, fixed, tangentOfPartial, lines);
        });
        // A zero adjoint sends nothing, as on the tape: 0 times an infinite partial is not NaN
        // here. Finite constant partials (with zero tangents) cannot be infinite: no test.
        // An unguarded kernel tests its results for NaN instead.
        out.push(
          tame || !this.zeroTests
            ? lines.join(' ')
            : `if (${this.nonZero(s.id)}) { ${lines.join(' ')} }`,
        );
        return;
      }
      case 'rule': {
        if (!this.active(s.id)) return;
        if (this.second !== undefined)
          throw new NotStaged('scalar rules have no second partials for forward over reverse');
        const g = adjoint(s.id);
        const args = [...s.args.map(value), value(s.id)].join(', ');
        const terms = s.args.flatMap((arg, k) =>
          this.active(arg) ? [`${adjoint(arg)} += ${g} * ps[${k}];`] : [],
        );
        s.args.forEach((arg) => this.written(arg));
        out.push(
          `if (${g} !== 0) { const ps = R[${s.rule}].partials(${args}); ${terms.join(' ')} }`,
        );
        return;
      }
      case 'select': {
        if (!this.active(s.id)) return;
        const side = (arg: number): string => {
          if (!this.active(arg)) return '';
          this.written(arg);
          const lines = [`${adjoint(arg)} += ${adjoint(s.id)};`];
          for (let l = 0; l < this.lanes; l++)
            lines.push(`${adjointTangent(arg, l)} += ${adjointTangent(s.id, l)};`);
          return lines.join(' ');
        };
        out.push(`if (${value(s.cond)}) { ${side(s.args[0])} } else { ${side(s.args[1])} }`);
        return;
      }
      case 'load':
        if (this.active(s.id)) {
          const info = this.p.buffers[s.buffer];
          const index = indexOf(s.index);
          const result = info.kind === 'input';
          if (this.gradient || !result) {
            out.push(`${bufferAdjoint(info.kind, s.buffer)}[${index}] += ${adjoint(s.id)};`);
            if (result) this.nanTest(adjoint(s.id), out);
          }
          for (let l = 0; l < this.lanes; l++) {
            out.push(
              `${this.adjointTangentBuffer(s.buffer, index, l)} += ${adjointTangent(s.id, l)};`,
            );
            if (result) this.nanTest(adjointTangent(s.id, l), out);
          }
        }
        return;
      case 'store': {
        if (this.act.buffers[s.buffer] === 0) return;
        const index = indexOf(s.index);
        const g = `${bufferAdjoint(this.p.buffers[s.buffer].kind, s.buffer)}[${index}]`;
        // The element was overwritten: its adjoint goes to the stored value, none to what was there.
        if (this.active(s.value)) out.push(this.accumulate(adjoint(s.value), ` + ${g}`));
        out.push(`${g} = 0;`);
        for (let l = 0; l < this.lanes; l++) {
          const gt = this.adjointTangentBuffer(s.buffer, index, l);
          if (this.active(s.value))
            out.push(this.accumulate(adjointTangent(s.value, l), ` + ${gt}`));
          out.push(`${gt} = 0;`);
        }
        return;
      }
      case 'loop':
        this.loop(s, out);
        return;
      case 'call':
        // The call's code adds into adjoints with `+=`.
        this.settle();
        if (callActive(this.act, s))
          emitCallBackward(this.p, this.act, s, this.sites.get(s) as string, out);
        return;
      default:
        return;
    }
  }

  /**
   * In an unguarded kernel, a contribution to a result that is NaN ends the run (`null`): a
   * dropped zero test may have made it, and the guarded kernel runs instead (see `unguardedSafe`).
   */
  private nanTest(contribution: string, out: Lines): void {
    if (!this.zeroTests) out.push(`if (${contribution} !== ${contribution}) return null;`);
  }

  /** Lane `lane` of the adjoint's tangent of buffer `b` at `index` (`GT` for the input). */
  private adjointTangentBuffer(b: number, index: string, lane: number): string {
    const info = this.p.buffers[b];
    const base = lane * info.length;
    const at = `${base === 0 ? '' : `${base} + `}${index}`;
    return info.kind === 'input' ? `GT[${at}]` : `GBT${b}[${at}]`;
  }

  private loop(s: Loop, out: Lines): void {
    const inside = definedIn(s);
    const writes = s.body.some((t) => t.op === 'store' && this.act.buffers[t.buffer] === 1);
    if (![...inside].some((id) => this.active(id)) && !writes) return;
    const plan = this.plan.loops.get(s.loop) as LoopPlan;
    const carried = s.carried.filter((c) => this.active(c.phi));
    // A sum's adjoint is the same in every iteration: carried over, it would make each
    // iteration wait for the last one's additions.
    const invariant = new Set(carried.filter((c) => sumsOnly(s, c)));
    for (const c of carried) {
      out.push(`let c${c.phi} = ${this.active(c.out) ? adjoint(c.out) : '0'};`);
      for (let l = 0; l < this.lanes; l++) {
        out.push(`let d${c.phi}_${l} = ${this.active(c.out) ? adjointTangent(c.out, l) : '0'};`);
      }
    }
    const i = counter(s.loop);
    // Adjoints declared outside are written in every iteration: they accumulate.
    this.settle();
    out.open(`for (let ${i} = ${s.count - 1}; ${i} >= 0; ${i}--) {`);
    for (const phi of plan.taped) {
      const k = this.tapeIndex.get(phi);
      out.push(`const ${value(phi)} = TP${k}[${i}];`);
      for (let l = 0; l < this.lanes; l++)
        out.push(`const ${tangent(phi, l)} = TPT${k}_${l}[${i}];`);
    }
    emitForward(this.p, this.constants, s.body, out, {
      ...this.forwardOptions(s.body, plan.recompute),
      guards: false,
    });
    if (this.zeroTests) pinLoopBody(s, this.act, this.plan, this.lanes, out);
    for (const c of s.carried) this.declare(c.phi, out);
    for (const t of s.body) {
      const id = defined(t);
      if (id >= 0) this.declare(id, out);
      if (t.op === 'loop') for (const c of t.carried) this.declare(c.out, out);
    }
    for (const c of carried) {
      if (!this.active(c.next)) continue;
      out.push(this.accumulate(adjoint(c.next), ` + c${c.phi}`));
      for (let l = 0; l < this.lanes; l++)
        out.push(this.accumulate(adjointTangent(c.next, l), ` + d${c.phi}_${l}`));
    }
    this.backward(s.body, out);
    const varying = carried.filter((c) => !invariant.has(c));
    carryOver(
      { carried: varying },
      out,
      (c) => `c${c.phi}`,
      (c) => adjoint(c.phi),
    );
    for (let l = 0; l < this.lanes; l++) {
      carryOver(
        { carried: varying },
        out,
        (c) => `d${c.phi}_${l}`,
        (c) => adjointTangent(c.phi, l),
        `e${l}_`,
      );
    }
    out.close();
    // The body's adjoints are out of scope.
    this.settle();
    // What the carried-over adjoint would have been after an iteration: 0 + (0 + c) is 0 + c,
    // which differs from c only for c = -0.
    if (s.count > 0) {
      for (const c of invariant) {
        out.push(`c${c.phi} = 0 + c${c.phi};`);
        for (let l = 0; l < this.lanes; l++) out.push(`d${c.phi}_${l} = 0 + d${c.phi}_${l};`);
      }
    }
    for (const c of carried) {
      if (c.init < 0 || !this.active(c.init)) continue;
      out.push(`${adjoint(c.init)} += c${c.phi};`);
      for (let l = 0; l < this.lanes; l++)
        out.push(`${adjointTangent(c.init, l)} += d${c.phi}_${l};`);
    }
  }
}

/**
 * True when carried value `c` of `loop` only sums: its next value is `add(phi, x)` (or
 * `add(x, phi)`), and neither `phi` nor `next` is read anywhere else in the body. Then its
 * adjoint, and the adjoint's tangents, reach `next` unchanged in every iteration (the partial
 * of `add` is 1, its second partials are zero): iteration k's is `0 + c` for every k.
 */
function sumsOnly(loop: Loop, c: Loop['carried'][number]): boolean {
  const add = loop.body.find((t) => defined(t) === c.next);
  if (add?.op !== 'prim' || add.p.name !== 'add') return false;
  if (add.args.filter((a) => a === c.phi).length !== 1) return false;
  let reads = 0;
  const count = (id: number): void => {
    if (id === c.phi || id === c.next) reads++;
  };
  walk(loop.body, (t) => {
    operands(t).forEach(count);
    if (t.op === 'loop') t.carried.forEach((inner) => count(inner.init));
  });
  const carriedReads = loop.carried.filter(
    (o) => o !== c && (o.next === c.phi || o.next === c.next),
  );
  return reads === 1 && carriedReads.length === 0;
}
