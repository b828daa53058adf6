import type { Activity } from '../activity.js';
import {
  defined,
  type Call,
  type Carried,
  type Loop,
  type Program,
  type Statement,
} from '../program.js';
import { definedIn, type LoopPlan, type ReversePlan } from '../reverse-plan.js';
import { callBackward } from './calls.js';
import { Machine } from './machine.js';
import {
  PARTIAL_TANGENTS,
  PARTIALS,
  PRIMITIVE_FUNCTIONS,
  tangentsOfPartials,
  valueAndPartials,
} from './primitive-functions.js';

/**
 * The interpreter's reverse half: adjoints in reverse program order, as `ReverseEmitter`
 * (emit-reverse.ts) writes them, on the plan `planReverse` made (what each loop's reverse
 * sweep recomputes, what it reads from tapes). With `lanes > 0` it is forward over reverse:
 * every adjoint carries tangents (`H`), from the primitives' second partials. A zero adjoint
 * (and zero adjoint tangents) sends nothing, even through an infinite partial.
 */
export class ReverseMachine extends Machine {
  /** Adjoints, by id, and their tangents by `id · lanes + lane`. */
  readonly G: Float64Array;
  readonly H: Float64Array;
  /** Scratch: the tangents of the current primitive's partials, and which have terms. */
  private readonly PT: Float64Array;
  private readonly terms: boolean[] = [false, false];
  /** The ids whose adjoints each reverse iteration of a loop starts at zero, by loop number. */
  private readonly fresh = new Map<number, readonly number[]>();
  /** Each loop's carried adjoints (and their tangents), by loop number. */
  private readonly carriedAdjoints = new Map<number, Float64Array>();
  /** Per loop: its active carried values, or `null` when its reverse sweep has nothing to do. */
  private readonly sweeps = new Map<number, readonly Carried[] | null>();

  constructor(
    p: Program,
    act: Activity,
    lanes: number,
    readonly plan: ReversePlan,
    tapeIndex: ReadonlyMap<number, number>,
    callForward: (m: Machine, s: Call, site: number) => void,
  ) {
    const tapes = new Map<number, (readonly [number, number])[]>();
    for (const [loop, lp] of plan.loops)
      tapes.set(
        loop,
        lp.taped.map((phi) => [phi, tapeIndex.get(phi) as number] as const),
      );
    super(p, act, lanes, tapes, callForward);
    this.taping = true;
    this.G = new Float64Array(p.ids);
    this.H = new Float64Array(p.ids * lanes);
    this.PT = new Float64Array(2 * lanes);
  }

  /** The array holding buffer `b`'s adjoints. */
  adjointBuffer(b: number): Float64Array {
    return this.p.buffers[b].kind === 'input'
      ? (this.W.G as Float64Array)
      : (this.W.GB as Float64Array[])[b];
  }

  /** The array holding buffer `b`'s adjoint tangents (lane after lane). */
  private adjointTangentBuffer(b: number): Float64Array {
    return this.p.buffers[b].kind === 'input'
      ? (this.W.GT as Float64Array)
      : (this.W.GBT as Float64Array[])[b];
  }

  backward(body: readonly Statement[]): void {
    for (let k = body.length - 1; k >= 0; k--) this.statement(body[k]);
  }

  /**
   * The tangents of a primitive's partials in every lane, into `PT` (`2·lane + k`), and in `terms`
   * whether partial `k` has any: a second partial zero everywhere, or an operand without tangent,
   * leaves its term out, and a partial with no terms adds nothing (not `g·0`, which an infinite
   * adjoint would turn into NaN).
   */
  private partialTangents(s: Statement & { op: 'prim' }, a: number, b: number, y: number): void {
    const { T, lanes, PT, terms } = this;
    const ids = this.act.ids;
    const second = PRIMITIVE_FUNCTIONS[s.p.code].second;
    const a0 = s.args[0];
    const a1 = s.args.length > 1 ? s.args[1] : -1;
    const activeA = ids[a0] === 1;
    const activeB = a1 >= 0 && ids[a1] === 1;
    for (let k = 0; k < 2; k++)
      terms[k] = (activeA && second[k][0] !== undefined) || (activeB && second[k][1] !== undefined);
    for (let l = 0; l < lanes; l++) {
      const u = activeA ? T[a0 * lanes + l] : 0;
      const w = activeB ? T[a1 * lanes + l] : 0;
      tangentsOfPartials(s.p.code, a, b, y, u, w);
      PT[2 * l] = PARTIAL_TANGENTS[0];
      PT[2 * l + 1] = PARTIAL_TANGENTS[1];
    }
  }

  /**
   * `G[target] += G[from]·partial`, and in forward over reverse its tangents, from the partial
   * tangents `partialTangents` left (`k`: which operand).
   */
  private send(target: number, from: number, partial: number, k = -1): void {
    const { G, H, lanes, PT, terms } = this;
    const g = G[from];
    G[target] += g * partial;
    for (let l = 0; l < lanes; l++) {
      const gt = H[from * lanes + l];
      // As on the eager duals: g · ṗ is 0 when either factor is (∞ · 0 is 0 there, not NaN).
      const q = k >= 0 && terms[k] ? PT[2 * l + k] : 0;
      const viaTangent = g === 0 || q === 0 ? 0 : g * q;
      H[target * lanes + l] += (gt === 0 ? 0 : partial * gt) + viaTangent;
    }
  }

  private nonZero(id: number): boolean {
    if (this.G[id] !== 0) return true;
    for (let l = 0; l < this.lanes; l++) if (this.H[id * this.lanes + l] !== 0) return true;
    return false;
  }

  private statement(s: Statement): void {
    const { G, H, V, lanes } = this;
    switch (s.op) {
      case 'prim': {
        const ids = this.act.ids;
        if (ids[s.id] === 0 || !this.nonZero(s.id)) return;
        const code = s.p.code;
        const a0 = s.args[0];
        const a1 = s.args.length > 1 ? s.args[1] : -1;
        const a = V[a0];
        const b = a1 >= 0 ? V[a1] : 0;
        valueAndPartials(code, a, b);
        const pa = PARTIALS[0];
        const pb = PARTIALS[1];
        if (lanes > 0) this.partialTangents(s, a, b, V[s.id]);
        if (ids[a0] === 1) this.send(a0, s.id, pa, 0);
        if (a1 >= 0 && ids[a1] === 1) this.send(a1, s.id, pb, 1);
        return;
      }
      case 'rule':
        this.ruleBackward(s);
        return;
      case 'select': {
        if (!this.active(s.id)) return;
        const arg = V[s.cond] !== 0 ? s.args[0] : s.args[1];
        if (!this.active(arg)) return;
        G[arg] += G[s.id];
        for (let l = 0; l < lanes; l++) H[arg * lanes + l] += H[s.id * lanes + l];
        return;
      }
      case 'load': {
        if (!this.active(s.id)) return;
        const i = this.index(s.index);
        this.adjointBuffer(s.buffer)[i] += G[s.id];
        if (lanes > 0) {
          const GT = this.adjointTangentBuffer(s.buffer);
          const n = this.p.buffers[s.buffer].length;
          for (let l = 0; l < lanes; l++) GT[l * n + i] += H[s.id * lanes + l];
        }
        return;
      }
      case 'store': {
        if (this.act.buffers[s.buffer] === 0) return;
        const i = this.index(s.index);
        const GB = this.adjointBuffer(s.buffer);
        // The element was overwritten: its adjoint goes to the stored value, none to what was there.
        if (this.active(s.value)) G[s.value] += GB[i];
        GB[i] = 0;
        if (lanes > 0) {
          const GT = this.adjointTangentBuffer(s.buffer);
          const n = this.p.buffers[s.buffer].length;
          for (let l = 0; l < lanes; l++) {
            if (this.active(s.value)) H[s.value * lanes + l] += GT[l * n + i];
            GT[l * n + i] = 0;
          }
        }
        return;
      }
      case 'loop':
        this.loopBackward(s);
        return;
      case 'call': {
        const act = this.act;
        const live =
          s.result.kind === 'scalar'
            ? act.ids[s.result.id] === 1
            : act.buffers[s.result.buffer] === 1;
        if (live) callBackward(this, s, this.sites.get(s) as number);
        return;
      }
      default:
        return;
    }
  }

  /**
   * A scalar rule's adjoints. Its own method: closures in `statement` would make V8 allocate
   * `statement`'s context on every call, rule or not.
   */
  private ruleBackward(s: Statement & { op: 'rule' }): void {
    const { G, V } = this;
    if (!this.active(s.id)) return;
    const g = G[s.id];
    if (g === 0) return;
    const args = s.args.map((id) => V[id]);
    const partials = this.p.rules[s.rule].partials as (...xs: number[]) => readonly number[];
    const ps = partials(...args, V[s.id]);
    s.args.forEach((arg, k) => {
      if (this.active(arg)) G[arg] += g * ps[k];
    });
  }

  /** The ids whose adjoints a reverse iteration of `s` declares afresh (emit-reverse's `declare`). */
  private freshIds(s: Loop): readonly number[] {
    let ids = this.fresh.get(s.loop);
    if (ids === undefined) {
      ids = freshIdsOf(s, this.act);
      this.fresh.set(s.loop, ids);
    }
    return ids;
  }

  /** `s`'s active carried values, or `null` when its reverse sweep has nothing to do (once per loop). */
  private sweepOf(s: Loop): readonly Carried[] | null {
    let carried = this.sweeps.get(s.loop);
    if (carried === undefined) {
      carried = sweepOf(s, this.act);
      this.sweeps.set(s.loop, carried);
    }
    return carried;
  }

  private loopBackward(s: Loop): void {
    const { G, H, V, T, lanes } = this;
    const carried = this.sweepOf(s);
    if (carried === null) return;
    const plan = this.plan.loops.get(s.loop) as LoopPlan;
    const blocked = this.blockOf(s);
    if (blocked !== undefined) {
      blocked.backward(this, plan);
      return;
    }
    const nc = carried.length;
    let C = this.carriedAdjoints.get(s.loop);
    if (C === undefined) {
      C = new Float64Array(nc * (1 + lanes));
      this.carriedAdjoints.set(s.loop, C);
    }
    for (let k = 0; k < nc; k++) {
      const c = carried[k];
      const out = this.active(c.out);
      C[k] = out ? G[c.out] : 0;
      for (let l = 0; l < lanes; l++) C[nc * (1 + l) + k] = out ? H[c.out * lanes + l] : 0;
    }
    const taped = this.tapes.get(s.loop) ?? [];
    const fresh = this.freshIds(s);
    const W = this.W;
    for (let i = s.count - 1; i >= 0; i--) {
      this.counters[s.loop] = i;
      for (let t = 0; t < taped.length; t++) {
        const phi = taped[t][0];
        const k = taped[t][1];
        V[phi] = (W.TP as Float64Array[])[k][i];
        for (let l = 0; l < lanes; l++)
          T[phi * lanes + l] = (W.TPT as Float64Array[])[k * lanes + l][i];
      }
      this.forward(s.body, plan.recompute, false);
      for (let k = 0; k < fresh.length; k++) {
        const id = fresh[k];
        G[id] = 0;
        for (let l = 0; l < lanes; l++) H[id * lanes + l] = 0;
      }
      for (let k = 0; k < nc; k++) {
        const c = carried[k];
        if (!this.active(c.next)) continue;
        G[c.next] += C[k];
        for (let l = 0; l < lanes; l++) H[c.next * lanes + l] += C[nc * (1 + l) + k];
      }
      this.backward(s.body);
      for (let k = 0; k < nc; k++) {
        const c = carried[k];
        C[k] = G[c.phi];
        for (let l = 0; l < lanes; l++) C[nc * (1 + l) + k] = H[c.phi * lanes + l];
      }
    }
    for (let k = 0; k < nc; k++) {
      const c = carried[k];
      if (c.init < 0 || !this.active(c.init)) continue;
      G[c.init] += C[k];
      for (let l = 0; l < lanes; l++) H[c.init * lanes + l] += C[nc * (1 + l) + k];
    }
  }
}

// Found once per loop, outside the methods that run per call: a closure in a method makes V8
// allocate its context on every call.

/** The active ids a reverse iteration of `s` declares afresh (emit-reverse's `declare`). */
function freshIdsOf(s: Loop, act: Activity): readonly number[] {
  const list = s.carried.map((c) => c.phi);
  for (const t of s.body) {
    const id = defined(t);
    if (id >= 0) list.push(id);
    if (t.op === 'loop') for (const c of t.carried) list.push(c.out);
  }
  return list.filter((id) => act.ids[id] === 1);
}

/** `s`'s active carried values, or `null` when its reverse sweep has nothing to do. */
function sweepOf(s: Loop, act: Activity): readonly Carried[] | null {
  const writes = s.body.some((t) => t.op === 'store' && act.buffers[t.buffer] === 1);
  const live = [...definedIn(s)].some((id) => id >= 0 && act.ids[id] === 1) || writes;
  return live ? s.carried.filter((c) => c.phi >= 0 && act.ids[c.phi] === 1) : null;
}
