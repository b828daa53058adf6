import type { Real } from '@pullback/rules-core';
import { mul } from '@pullback/rules-core/math';
import { accumulate } from '../values/real-arithmetic.js';
import type { Adjoints } from './adjoints.js';

/**
 * The reverse-mode record. Every scalar the pass creates has an id, and an active array of
 * length n owns n consecutive ids, so an element read (`at`) is an alias, not an operation.
 * Scalar operations store their parents and numeric partials in typed arrays (no closure per
 * operation: 4 + 4 + 12 bytes per parent); array rules keep their pullbacks as custom ops.
 *
 * In a nested pass (a lower-level interpreter is in flight) partials and adjoints may be
 * active values of the lower level, so they live in plain arrays and combine with the
 * vocabulary: the tape is then "generic" rather than "numeric". A reverse pass over the duals
 * of one outer forward pass uses `ForwardOverReverseTape`, which keeps them numeric.
 */

export type { Adjoints } from './adjoints.js';

/** An operation that keeps its own backward step (an array rule's pullback). */
export interface CustomOp {
  /** Reads its outputs' adjoints from `adj` and accumulates into its inputs'. */
  backward(adj: Adjoints, tape: Tape): void;
}

/** A position on the tape to come back to when a traced body has to be abandoned. */
export interface Checkpoint {
  readonly ops: number;
  readonly edges: number;
  readonly ids: number;
  readonly customs: number;
}

/** Initial capacity of a tape's buffers. */
export const INITIAL = 1024;

/** `a`, or a copy at least `needed` long (doubling) when it is too short. */
export function grow<T extends Int32Array | Float64Array>(a: T, needed: number): T {
  if (needed <= a.length) return a;
  let size = a.length * 2;
  while (size < needed) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Scalar operations, array rules and the adjoint sweep of one reverse pass. */
export class Tape {
  /** Whether partials and adjoints are plain numbers (no lower-level differentiation). */
  readonly numeric: boolean;
  /** Ids handed out so far (scalars plus array elements). */
  ids = 0;
  ops = 0;
  edges = 0;
  protected opOut = new Int32Array(INITIAL);
  protected opEdgeEnd = new Int32Array(INITIAL);
  protected edgeParent = new Int32Array(INITIAL);
  protected edgePartial = new Float64Array(INITIAL);
  private edgePartialR: Real[] = [];
  protected customs: CustomOp[] = [];
  /** Reused by `zeros` across the calls of a prepared or recycled tape (no fresh pages). */
  private adjoints = new Float64Array(0);

  constructor(numeric: boolean) {
    this.numeric = numeric;
  }

  /** Forgets everything but keeps the buffers, for a prepared operator's next call. */
  reset(): void {
    this.ids = 0;
    this.ops = 0;
    this.edges = 0;
    this.customs.length = 0;
    this.edgePartialR.length = 0;
  }

  /** Reserves `n` consecutive ids and returns the first. */
  allocate(n: number): number {
    const base = this.ids;
    this.ids += n;
    return base;
  }

  protected pushOp(out: number): void {
    const k = this.ops++;
    if (k >= this.opOut.length) {
      this.opOut = grow(this.opOut, k + 1);
      this.opEdgeEnd = grow(this.opEdgeEnd, k + 1);
    }
    this.opOut[k] = out;
    this.opEdgeEnd[k] = this.edges;
  }

  /** Room for `n` more edges. */
  private reserveEdges(n: number): void {
    const needed = this.edges + n;
    if (needed > this.edgeParent.length) {
      this.edgeParent = grow(this.edgeParent, needed);
      if (this.numeric) this.edgePartial = grow(this.edgePartial, needed);
    }
  }

  protected pushEdge(parent: number, partial: Real): void {
    this.reserveEdges(1);
    const e = this.edges++;
    this.edgeParent[e] = parent;
    if (this.numeric) this.edgePartial[e] = partial as number;
    else this.edgePartialR[e] = partial;
  }

  /**
   * Records a scalar with up to two parents (a negative parent is skipped) and returns its id.
   * The hottest path of reverse mode: one capacity check, and numeric partials written
   * directly, so that V8 inlines it into the interpreter.
   */
  record2(p0: number, d0: Real, p1: number, d1: Real): number {
    if (!this.numeric) {
      const id = this.ids++;
      if (p0 >= 0) this.pushEdge(p0, d0);
      if (p1 >= 0) this.pushEdge(p1, d1);
      this.pushOp(id);
      return id;
    }
    this.reserveEdges(2);
    const parents = this.edgeParent;
    const partials = this.edgePartial;
    let e = this.edges;
    if (p0 >= 0) {
      parents[e] = p0;
      partials[e++] = d0 as number;
    }
    if (p1 >= 0) {
      parents[e] = p1;
      partials[e++] = d1 as number;
    }
    this.edges = e;
    const id = this.ids++;
    this.pushOp(id);
    return id;
  }

  /** Records a scalar with any number of parents. */
  recordN(parents: readonly number[], partials: readonly Real[]): number {
    const id = this.ids++;
    for (let k = 0; k < parents.length; k++)
      if (parents[k] >= 0) this.pushEdge(parents[k], partials[k]);
    this.pushOp(id);
    return id;
  }

  /** Records an array rule; it runs when the sweep reaches this point. */
  recordCustom(op: CustomOp): void {
    this.customs.push(op);
    this.pushOp(-this.customs.length);
  }

  /** Where the tape is now. */
  checkpoint(): Checkpoint {
    return { ops: this.ops, edges: this.edges, ids: this.ids, customs: this.customs.length };
  }

  /** Forgets everything recorded after `c` (a traced body that had to be abandoned). */
  rewind(c: Checkpoint): void {
    this.ops = c.ops;
    this.edges = c.edges;
    this.ids = c.ids;
    this.customs.length = c.customs;
    if (!this.numeric) this.edgePartialR.length = c.edges;
  }

  /**
   * Zero adjoints for every id. A numeric tape hands out a view of one buffer it keeps: every
   * reader copies what it needs out of it, and a new sweep starts with a new `zeros()`.
   */
  zeros(): Adjoints {
    if (!this.numeric) return new Array<Real>(this.ids).fill(0);
    if (this.adjoints.length < this.ids) this.adjoints = new Float64Array(this.ids);
    const adj = this.adjoints.subarray(0, this.ids);
    adj.fill(0);
    return adj;
  }

  /** Sweeps the operations backwards, accumulating into `adj` (seeded by the caller). */
  backward(adj: Adjoints): void {
    const { opOut, opEdgeEnd, edgeParent } = this;
    if (this.numeric) {
      const a = adj as Float64Array;
      const partial = this.edgePartial;
      for (let k = this.ops - 1; k >= 0; k--) {
        const out = opOut[k];
        if (out < 0) {
          this.customs[-out - 1].backward(adj, this);
          continue;
        }
        const g = a[out];
        if (g === 0) continue;
        const start = k === 0 ? 0 : opEdgeEnd[k - 1];
        for (let e = start, end = opEdgeEnd[k]; e < end; e++) a[edgeParent[e]] += g * partial[e];
      }
      return;
    }
    const a = adj as Real[];
    const partial = this.edgePartialR;
    for (let k = this.ops - 1; k >= 0; k--) {
      const out = opOut[k];
      if (out < 0) {
        this.customs[-out - 1].backward(adj, this);
        continue;
      }
      const g = a[out];
      if (g === 0) continue;
      const start = k === 0 ? 0 : opEdgeEnd[k - 1];
      for (let e = start, end = opEdgeEnd[k]; e < end; e++) {
        const p = edgeParent[e];
        a[p] = accumulate(a[p], mul(g, partial[e]));
      }
    }
  }

  /** Bytes held by the buffers, whatever is recorded in them (to cap what is kept for reuse). */
  bufferBytes(): number {
    return (
      this.opOut.byteLength +
      this.opEdgeEnd.byteLength +
      this.edgeParent.byteLength +
      this.edgePartial.byteLength +
      this.adjoints.byteLength
    );
  }

  /** Number of array rules recorded. */
  customCount(): number {
    return this.customs.length;
  }

  /** Bytes held per recorded scalar operation (for the benchmark's report). */
  bytesPerScalarOp(): number {
    const scalarOps = this.ops - this.customs.length;
    if (scalarOps === 0) return 0;
    return (this.edges * (4 + 8) + scalarOps * (4 + 4)) / scalarOps;
  }
}
