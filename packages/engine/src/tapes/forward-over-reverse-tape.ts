import type { Real } from '@pullback/rules-core';
import type { ForwardInterpreter } from '../interpreters/forward.js';
import { notOuterDual, splitOuterDual } from '../values/outer-dual.js';
import type { Adjoints } from './adjoints.js';
import { ForwardOverReverseAdjoints } from './forward-over-reverse-adjoints.js';
import { grow, INITIAL, Tape, type CustomOp } from './tape.js';

/**
 * The tape of a reverse pass whose values are the duals of one outer forward pass (the inner
 * pass of a forward-over-reverse Hessian-vector product). Partials are duals too; both are
 * kept split into numbers: a partial's value with the scalar edges, as in a numeric tape, and
 * its tangent in `lanes` more numbers per edge. The sweep then moves (ā, ȧ) pairs with typed
 * array arithmetic instead of combining dual adjoints through the vocabulary one by one.
 *
 * Anything recorded through the inherited generic entry points (a rule's pullback, partials
 * computed as duals) still works: partials are split as they are recorded, and pullbacks read
 * and write the adjoints as duals through `ForwardOverReverseAdjoints`. Such operations are counted
 * in `genericOps`, so a silent fall back from the fast paths shows.
 */
export class ForwardOverReverseTape extends Tape {
  /** Tangent lanes of the outer pass. */
  readonly lanes: number;
  /** Operations recorded through the generic entry points rather than the second-order ones. */
  genericOps = 0;
  /** Tangents of the edges' partials: lane `j` of edge `e` at `e * lanes + j`. */
  private edgeTangent: Float64Array;
  private readonly split: Float64Array;

  constructor(public outer: ForwardInterpreter) {
    super(false);
    this.lanes = outer.lanes;
    this.edgeTangent = new Float64Array(INITIAL * this.lanes);
    this.split = new Float64Array(this.lanes);
  }

  /** Forgets everything for another pass over the same number of lanes. */
  reuse(outer: ForwardInterpreter): void {
    this.reset();
    this.outer = outer;
    this.genericOps = 0;
  }

  private reserveEdge(): number {
    const e = this.edges++;
    if (e >= this.edgeParent.length) {
      this.edgeParent = grow(this.edgeParent, e + 1);
      this.edgePartial = grow(this.edgePartial, e + 1);
      this.edgeTangent = grow(this.edgeTangent, (e + 1) * this.lanes);
    }
    return e;
  }

  /** A generic partial (a number or a dual of the outer pass), split as it is stored. */
  protected override pushEdge(parent: number, partial: Real): void {
    const v = splitOuterDual(partial, this.outer, this.split);
    if (v === undefined) throw notOuterDual('A partial derivative');
    this.pushSplitEdge(parent, v, this.split);
  }

  private pushSplitEdge(parent: number, partial: number, tangents: Float64Array | undefined): void {
    const e = this.reserveEdge();
    this.edgeParent[e] = parent;
    this.edgePartial[e] = partial;
    const k = this.lanes;
    const et = this.edgeTangent;
    for (let j = 0; j < k; j++) et[e * k + j] = tangents === undefined ? 0 : tangents[j];
  }

  /**
   * Records a scalar with up to two parents (a negative parent is skipped), given each
   * partial's value and its tangent lanes (`undefined`: all zero). Returns its id.
   */
  recordPair(
    p0: number,
    d0: number,
    t0: Float64Array | undefined,
    p1: number,
    d1: number,
    t1: Float64Array | undefined,
  ): number {
    const id = this.ids++;
    if (p0 >= 0) this.pushSplitEdge(p0, d0, t0);
    if (p1 >= 0) this.pushSplitEdge(p1, d1, t1);
    this.pushOp(id);
    return id;
  }

  /** Records an array operation whose backward step reads the split adjoints directly. */
  recordKernel(op: CustomOp): void {
    super.recordCustom(op);
  }

  override record2(p0: number, d0: Real, p1: number, d1: Real): number {
    this.genericOps++;
    return super.record2(p0, d0, p1, d1);
  }

  override recordN(parents: readonly number[], partials: readonly Real[]): number {
    this.genericOps++;
    return super.recordN(parents, partials);
  }

  override recordCustom(op: CustomOp): void {
    this.genericOps++;
    super.recordCustom(op);
  }

  override zeros(): ForwardOverReverseAdjoints {
    return new ForwardOverReverseAdjoints(this.outer, this.ids);
  }

  override backward(adjoints: Adjoints): void {
    const adj = adjoints as ForwardOverReverseAdjoints;
    const V = adj.values;
    const T = adj.tangents;
    const k = this.lanes;
    const { opOut, opEdgeEnd, edgeParent, edgePartial, edgeTangent, customs } = this;
    for (let op = this.ops - 1; op >= 0; op--) {
      const out = opOut[op];
      if (out < 0) {
        customs[-out - 1].backward(adj, this);
        continue;
      }
      const g = V[out];
      if (g === 0) {
        let zero = true;
        for (let j = 0; j < k; j++) if (T[j][out] !== 0) zero = false;
        if (zero) continue;
      }
      const start = op === 0 ? 0 : opEdgeEnd[op - 1];
      for (let e = start, end = opEdgeEnd[op]; e < end; e++) {
        const parent = edgeParent[e];
        const p = edgePartial[e];
        if (g !== 0) V[parent] += g * p;
        // ȧ_parent += p·ȧ_out + ṗ·ā_out, each term skipped when a factor is zero (NaN-safe).
        for (let j = 0; j < k; j++) {
          const gt = T[j][out];
          const pt = edgeTangent[e * k + j];
          T[j][parent] += (gt === 0 ? 0 : p * gt) + (pt === 0 || g === 0 ? 0 : g * pt);
        }
      }
    }
  }

  override bytesPerScalarOp(): number {
    const scalarOps = this.ops - this.customCount();
    if (scalarOps === 0) return 0;
    return (this.edges * (4 + 8 + 8 * this.lanes) + scalarOps * (4 + 4)) / scalarOps;
  }
}
