import type { Program as IR, Affine, Call, Loop, Statement } from '../program.js';
import type { Activity } from '../activity.js';
import { BlockLoop } from './block-loop.js';
import { compare } from './comparisons.js';
import { PARTIALS, valueAndPartials } from './primitive-functions.js';
import type { RunBuffers } from './workspace.js';

/**
 * The interpreter's forward half: the program run statement by statement on numbers, as the
 * code `emitForward` writes would run (values, and with `lanes > 0` their tangents as
 * `TangentWriter` writes them). Every SSA id has one slot in `V` (its tangents in `T`, lane
 * after lane); a loop's iteration overwrites its body's slots, as a generated loop's block
 * scope would. Loops whose shape allows it run in blocks of iterations (block-loop.ts).
 */

/** How a run treats one call statement on its way forward. */
export type CallForward = (s: Call, site: number) => void;

/** The mutable state of one run. */
export class Machine {
  /** Values, by id. */
  readonly V: Float64Array;
  /** Tangents, by `id · lanes + lane`. */
  readonly T: Float64Array;
  /** The counters of the loops, by loop number. */
  readonly counters: Int32Array;
  /** Per run: input, parameters, rules, opaque values and the workspace. */
  X: Float64Array = new Float64Array(0);
  P: Float64Array = new Float64Array(0);
  W!: RunBuffers;
  /** Tapes to fill while running forward: taped carried values by loop, with their tape. */
  taping = false;
  readonly sites: Map<Call, number>;
  /** Each loop's blocked form (`null`: it runs iteration by iteration), made at its first run. */
  private readonly blocks = new Map<number, BlockLoop | null>();
  /** Each loop's next carried values (and tangents), made at its first run. */
  private readonly nexts = new Map<number, Float64Array>();

  constructor(
    readonly p: IR,
    readonly act: Activity,
    readonly lanes: number,
    readonly tapes: ReadonlyMap<number, readonly (readonly [number, number])[]>,
    readonly callForward: (m: Machine, s: Call, site: number) => void,
  ) {
    this.V = new Float64Array(p.ids);
    this.T = new Float64Array(p.ids * lanes);
    this.counters = new Int32Array(p.loops);
    this.sites = new Map();
    p.body.forEach((s) => {
      if (s.op === 'call') this.sites.set(s, this.sites.size);
    });
  }

  active(id: number): boolean {
    return id >= 0 && this.act.ids[id] === 1;
  }

  /** The tangent of `id` in `lane` (0 for an inactive value, which has none). */
  tangentOf(id: number, lane: number): number {
    return this.active(id) ? this.T[id * this.lanes + lane] : 0;
  }

  index(a: Affine): number {
    let i = a.base;
    const terms = a.terms;
    for (let t = 0; t < terms.length; t++) i += terms[t][1] * this.counters[terms[t][0]];
    return i;
  }

  /** The array holding buffer `b`'s values. */
  buffer(b: number): Float64Array | readonly number[] {
    const kind = this.p.buffers[b].kind;
    return kind === 'input' ? this.X : kind === 'param' ? this.P : this.W.B[b];
  }

  /** The array holding buffer `b`'s tangents and the offset of `lane` in it. */
  tangentBuffer(b: number): Float64Array {
    return this.p.buffers[b].kind === 'input' ? this.W.TX : this.W.TB[b];
  }

  /**
   * Runs `body` forward (only the statements in `only`, when given, at this level). False when
   * a guard failed (`guards`: recomputations have checked theirs already).
   */
  forward(body: readonly Statement[], only: ReadonlySet<Statement> | undefined, guards: boolean) {
    const { V, lanes } = this;
    for (let q = 0; q < body.length; q++) {
      const s = body[q];
      if (only !== undefined && !only.has(s)) continue;
      switch (s.op) {
        case 'const':
          V[s.id] = s.value;
          break;
        case 'load': {
          const i = this.index(s.index);
          V[s.id] = this.buffer(s.buffer)[i];
          if (lanes > 0 && this.active(s.id)) {
            const TB = this.tangentBuffer(s.buffer);
            const n = this.p.buffers[s.buffer].length;
            for (let l = 0; l < lanes; l++) this.T[s.id * lanes + l] = TB[l * n + i];
          }
          break;
        }
        case 'prim': {
          const a = V[s.args[0]];
          const b = s.args.length > 1 ? V[s.args[1]] : 0;
          V[s.id] = valueAndPartials(s.p.code, a, b);
          if (lanes > 0 && this.act.ids[s.id] === 1) this.primTangent(s);
          break;
        }
        case 'rule':
          this.rule(s);
          break;
        case 'cmp': {
          const r = compare(s.cmp, V[s.args[0]], V[s.args[1]]);
          V[s.id] = r ? 1 : 0;
          // The program was traced down one side of this branch: on the other, it is not valid.
          if (s.guard && guards && r !== s.expected) return false;
          break;
        }
        case 'select': {
          // A condition is a comparison's outcome, held as 1 or 0.
          const pick = V[s.cond] !== 0 ? s.args[0] : s.args[1];
          V[s.id] = V[pick];
          if (lanes > 0 && this.active(s.id))
            for (let l = 0; l < lanes; l++) this.T[s.id * lanes + l] = this.tangentOf(pick, l);
          break;
        }
        case 'store': {
          const i = this.index(s.index);
          (this.buffer(s.buffer) as Float64Array)[i] = V[s.value];
          if (lanes > 0 && this.act.buffers[s.buffer] === 1) {
            const TB = this.tangentBuffer(s.buffer);
            const n = this.p.buffers[s.buffer].length;
            for (let l = 0; l < lanes; l++) TB[l * n + i] = this.tangentOf(s.value, l);
          }
          break;
        }
        case 'loop':
          if (!this.loop(s, guards)) return false;
          break;
        case 'call':
          this.callForward(this, s, this.sites.get(s) as number);
          break;
      }
    }
    return true;
  }

  /**
   * A scalar rule's value (and tangents). Its own method: closures in `forward` would make V8
   * allocate `forward`'s context on every call, rule or not.
   */
  private rule(s: Statement & { op: 'rule' }): void {
    const { V, lanes } = this;
    const rule = this.p.rules[s.rule];
    const args = s.args.map((id) => V[id]);
    const y = (rule.body as (...xs: number[]) => number)(...args);
    V[s.id] = y;
    if (lanes > 0 && this.active(s.id)) {
      const ps = (rule.partials as (...xs: number[]) => readonly number[])(...args, y);
      for (let l = 0; l < lanes; l++) {
        let t = 0;
        s.args.forEach((arg, k) => {
          if (!this.active(arg)) return;
          const u = this.T[arg * lanes + l];
          t += u === 0 ? 0 : ps[k] * u;
        });
        this.T[s.id * lanes + l] = t;
      }
    }
  }

  /** Tangents of a primitive's value: Σ partial · tangent over active operands, zero tangents sending nothing. */
  private primTangent(s: Statement & { op: 'prim' }): void {
    const { T, lanes } = this;
    const ids = this.act.ids;
    const a0 = s.args[0];
    const a1 = s.args.length > 1 ? s.args[1] : -1;
    const activeA = ids[a0] === 1;
    const activeB = a1 >= 0 && ids[a1] === 1;
    const pa = PARTIALS[0];
    const pb = PARTIALS[1];
    for (let l = 0; l < lanes; l++) {
      let t = 0;
      if (activeA) {
        const u = T[a0 * lanes + l];
        t += u === 0 ? 0 : pa * u;
      }
      if (activeB) {
        const w = T[a1 * lanes + l];
        t += w === 0 ? 0 : pb * w;
      }
      T[s.id * lanes + l] = t;
    }
  }

  /** The blocked form of `s` when it has one (value and reverse sweeps without lanes). */
  blockOf(s: Loop): BlockLoop | undefined {
    let b = this.blocks.get(s.loop);
    if (b === undefined) {
      // Forward over reverse (lanes on a taping machine) runs iteration by iteration.
      b =
        this.lanes > 0 && this.taping
          ? null
          : (BlockLoop.of(s, this.act, this.tapes.get(s.loop) ?? [], this.lanes) ?? null);
      this.blocks.set(s.loop, b);
    }
    return b ?? undefined;
  }

  /** A loop, iteration after iteration, its carried values moved as `carryOver` moves them. */
  loop(s: Loop, guards: boolean): boolean {
    const blocked = this.blockOf(s);
    if (blocked !== undefined) return blocked.forward(this, guards);
    const { V, T, lanes } = this;
    for (let k = 0; k < s.carried.length; k++) {
      const c = s.carried[k];
      V[c.phi] = c.init < 0 ? 0 : V[c.init];
      if (lanes > 0 && this.active(c.phi))
        for (let l = 0; l < lanes; l++)
          T[c.phi * lanes + l] = c.init < 0 ? 0 : this.tangentOf(c.init, l);
    }
    const taped = this.taping ? this.tapes.get(s.loop) : undefined;
    const carried = s.carried;
    const nc = carried.length;
    let next = this.nexts.get(s.loop);
    if (next === undefined) {
      next = new Float64Array(nc * (1 + lanes));
      this.nexts.set(s.loop, next);
    }
    for (let i = 0; i < s.count; i++) {
      this.counters[s.loop] = i;
      if (taped !== undefined) this.tape(taped, i);
      if (!this.forward(s.body, undefined, guards)) return false;
      // Through temporaries: one value's next may be another's current value.
      for (let k = 0; k < nc; k++) {
        const c = carried[k];
        next[k] = V[c.next];
        for (let l = 0; l < lanes; l++) next[nc * (1 + l) + k] = this.tangentOf(c.next, l);
      }
      for (let k = 0; k < nc; k++) {
        const c = carried[k];
        V[c.phi] = next[k];
        if (this.active(c.phi))
          for (let l = 0; l < lanes; l++) T[c.phi * lanes + l] = next[nc * (1 + l) + k];
      }
    }
    for (let k = 0; k < s.carried.length; k++) {
      const c = s.carried[k];
      V[c.out] = V[c.phi];
      if (this.active(c.phi))
        for (let l = 0; l < lanes; l++) T[c.out * lanes + l] = T[c.phi * lanes + l];
    }
    return true;
  }

  /** Stores iteration `i`'s taped carried values (and their tangents) on their tapes. */
  private tape(taped: readonly (readonly [number, number])[], i: number): void {
    const W = this.W;
    for (let t = 0; t < taped.length; t++) {
      const phi = taped[t][0];
      const k = taped[t][1];
      (W.TP as Float64Array[])[k][i] = this.V[phi];
      for (let l = 0; l < this.lanes; l++)
        (W.TPT as Float64Array[])[k * this.lanes + l][i] = this.tangentOf(phi, l);
    }
  }
}
