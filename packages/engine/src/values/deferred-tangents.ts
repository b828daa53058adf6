import { compiledOnce } from '../primitives/primitive-loops.js';

/**
 * Tangent lanes of a chunked dual array, computed late and in one pass. With `k` lanes, an
 * eager whole-array operation writes `k` fresh tangent arrays, so a batch of 8 directions
 * moved 8x the memory of one direction and cost what 8 passes do. Here an operation on a
 * chunked array keeps only its partials (one array per operand, as for one direction) and a
 * link to its operands' lanes; the lanes are computed when something reads them (or `sum`
 * reduces them), for every lane at once, block by block so the intermediate lanes stay in
 * cache. Each lane element is `0 + p₁·u₁ + p₂·u₂ + …` over the terms whose `u` is nonzero, in
 * operand order: the eager kernels' arithmetic, so results are identical to them.
 */

/** Where a term's tangent lanes come from. */
export type LaneSource =
  /** Computed lanes; element `i` of the result reads `lanes[j][offset + i]`. */
  | { readonly kind: 'lanes'; readonly lanes: readonly Float64Array[]; readonly offset: number }
  /** One tangent per lane, broadcast (a dual scalar operand). */
  | { readonly kind: 'scalar'; readonly values: readonly number[] }
  /** Lanes still deferred; element `i` reads the node's element `offset + i`. */
  | { readonly kind: 'node'; readonly node: DeferredLanes; readonly offset: number };

/**
 * One operand's contribution to a lane element: `p[i] · u` for its tangent `u` at `i` (`p · u`
 * when the partial is one number for every element).
 */
export interface LaneTerm {
  readonly partial: Float64Array | number;
  readonly source: LaneSource;
}

/** Elements per block: `lanes · BLOCK` numbers of every node in flight stay in cache. */
const BLOCK = 256;

/**
 * Deferred nodes a chain may hold before it is computed: bounds the memory kept alive (each
 * node keeps its partials) and the work of one block.
 */
export const MAX_DEFERRED = 32;

/** The lanes of one operation's result, as a combination of its operands' lanes. */
export class DeferredLanes {
  /** Deferred nodes this one reaches (shared ones counted once per path: an upper bound). */
  readonly size: number;
  private terms: readonly LaneTerm[] | undefined;
  /** Each term's loop, looked up once here rather than per block. */
  private kernels: readonly (TermKernel | undefined)[];
  private computed: Float64Array[] | undefined;
  constructor(
    readonly length: number,
    readonly laneCount: number,
    terms: readonly LaneTerm[],
  ) {
    this.terms = terms;
    this.kernels = terms.map(({ partial: p, source: src }) =>
      src.kind === 'scalar' ? undefined : termKernel(laneCount, src.kind, typeof p === 'number'),
    );
    let size = 1;
    for (const t of terms) if (t.source.kind === 'node') size += t.source.node.size;
    this.size = size;
  }

  /** The lanes, computed once (then the partials and operands are let go). */
  lanes(): Float64Array[] {
    if (this.computed === undefined) {
      const out = Array.from({ length: this.laneCount }, () => new Float64Array(this.length));
      forBlocks(this, 0, this.length, (S, i0, len) => {
        for (let j = 0; j < this.laneCount; j++)
          out[j].set(S.subarray(j * BLOCK, j * BLOCK + len), i0);
      });
      this.computed = out;
      this.terms = undefined;
      this.kernels = [];
    }
    return this.computed;
  }

  /** A source reading this node, computed or not. */
  source(offset: number): LaneSource {
    return this.computed !== undefined
      ? { kind: 'lanes', lanes: this.computed, offset }
      : { kind: 'node', node: this, offset };
  }

  /** Fills `S` (lane `j` at `j · BLOCK`) with elements `[i0, i0 + len)`; see `evaluate`. */
  fill(S: Float64Array, i0: number, len: number, memo: Memo): void {
    const terms = this.terms;
    if (terms === undefined) {
      // Computed since a parent linked it: read the lanes.
      copyLanes(S, this.computed as Float64Array[], i0, len);
      return;
    }
    S.fill(0);
    for (let t = 0; t < terms.length; t++) {
      const { partial: p, source: src } = terms[t];
      const kernel = this.kernels[t] as TermKernel;
      if (src.kind === 'scalar') addBroadcast(S, p, src.values, i0, len);
      else if (src.kind === 'lanes') kernel(S, p, src.lanes, src.offset + i0, i0, len);
      else kernel(S, p, evaluate(src.node, src.offset + i0, len, memo), 0, i0, len);
    }
  }
}

/** `S += p · u` for one tangent `u` per lane (a dual scalar operand), skipping zero `u`. */
function addBroadcast(
  S: Float64Array,
  p: Float64Array | number,
  values: readonly number[],
  i0: number,
  len: number,
): void {
  for (let j = 0; j < values.length; j++) {
    const u = values[j];
    if (u === 0) continue;
    const o = j * BLOCK;
    if (typeof p === 'number') {
      const t = p * u;
      for (let i = 0; i < len; i++) S[o + i] += t;
    } else for (let i = 0; i < len; i++) S[o + i] += p[i0 + i] * u;
  }
}

/**
 * `S[j·BLOCK + i] += p[i0 + i] · u` (or `p · u` for a number `p`) for every lane `j` and
 * `i < len`, skipping zero `u`, where `u` is `U[j][at + i]` (computed lanes) or
 * `U[j·BLOCK + i]` (a node's block).
 */
type TermKernel = (
  S: Float64Array,
  p: Float64Array | number,
  U: Float64Array | readonly Float64Array[],
  at: number,
  i0: number,
  len: number,
) => void;

/** Lanes up to this many are unrolled in generated kernels (per lane they measured 3x slower). */
const MAX_UNROLLED = 16;

/** The term loop for `k` lanes from computed lanes or a node's block, with an array or number `p`. */
function termKernel(k: number, from: 'lanes' | 'node', constant: boolean): TermKernel {
  const plain: TermKernel = (S, p, U, at, i0, len) => {
    for (let j = 0; j < k; j++) {
      const o = j * BLOCK;
      const L = from === 'lanes' ? (U as readonly Float64Array[])[j] : (U as Float64Array);
      const base = from === 'lanes' ? at : o;
      for (let i = 0; i < len; i++) {
        const u = L[base + i];
        if (u !== 0) S[o + i] += (constant ? (p as number) : (p as Float64Array)[i0 + i]) * u;
      }
    }
  };
  if (k > MAX_UNROLLED) return plain;
  return compiledOnce<TermKernel>(
    `deferred|${k}|${from}|${constant}`,
    ['S', 'p', 'U', 'at', 'i0', 'len'],
    () => {
      const lanes = Array.from({ length: k }, (_, j) => j);
      const read = (j: number): string =>
        from === 'lanes' ? `L${j}[at + i]` : `U[${j * BLOCK} + i]`;
      return `
        ${from === 'lanes' ? lanes.map((j) => `const L${j} = U[${j}];`).join(' ') : ''}
        ${constant ? 'const q = p;' : ''}
        for (let i = 0; i < len; i++) {
          ${constant ? '' : 'const q = p[i0 + i];'}
          ${lanes.map((j) => `{ const u = ${read(j)}; if (u !== 0) S[${j * BLOCK} + i] += q * u; }`).join('\n')}
        }`;
    },
    () => plain,
  );
}

/** Each node's block buffer in one evaluation, and which block it holds. */
type Memo = Map<DeferredLanes, { i0: number; S: Float64Array }>;

/**
 * The node's elements `[i0, i0 + len)` for every lane, from the memo when this block was
 * computed already. A caller uses the buffer before evaluating anything else, so a node read
 * at two offsets may reuse its buffer.
 */
function evaluate(node: DeferredLanes, i0: number, len: number, memo: Memo): Float64Array {
  let m = memo.get(node);
  if (m !== undefined && m.i0 === i0) return m.S;
  if (m === undefined) {
    const size = node.laneCount * BLOCK;
    const i = spare.findIndex((b) => b.length === size);
    m = { i0, S: i >= 0 ? spare.splice(i, 1)[0] : new Float64Array(size) };
    memo.set(node, m);
  }
  m.i0 = -1; // not valid while being filled
  node.fill(m.S, i0, len, memo);
  m.i0 = i0;
  return m.S;
}

/** Calls `use(S, i0, len)` for each block of elements `[start, start + n)` of `node`. */
function forBlocks(
  node: DeferredLanes,
  start: number,
  n: number,
  use: (S: Float64Array, i0: number, len: number) => void,
): void {
  const memo: Memo = new Map();
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const len = Math.min(BLOCK, n - i0);
    use(evaluate(node, start + i0, len, memo), i0, len);
  }
  for (const { S } of memo.values()) if (spare.length < MAX_DEFERRED) spare.push(S);
}

/**
 * Block buffers of finished evaluations, reused by the next (no evaluation runs inside another,
 * and every buffer is zeroed or overwritten before it is read).
 */
const spare: Float64Array[] = [];

function copyLanes(S: Float64Array, lanes: readonly Float64Array[], i0: number, len: number) {
  for (let j = 0; j < lanes.length; j++) S.set(lanes[j].subarray(i0, i0 + len), j * BLOCK);
}

/** The `n` lanes a source describes, as fresh arrays (a slice of computed lanes is a copy). */
export function materialize(src: LaneSource, n: number): Float64Array[] {
  if (src.kind === 'scalar') return src.values.map((u) => new Float64Array(n).fill(u));
  if (src.kind === 'node') {
    if (src.offset === 0 && src.node.length === n) return src.node.lanes();
    return src.node.lanes().map((l) => l.slice(src.offset, src.offset + n));
  }
  return src.lanes.map((l) => l.slice(src.offset, src.offset + n));
}

/**
 * `sum` of each of the `k` lanes of `n` elements, or with `w` their `dot` with `w` (`u · w[i]`
 * summed), in element order from 0 (`sum`'s and `dot`'s own loops), without writing the lanes
 * out.
 */
export function sumLanes(src: LaneSource, n: number, k: number, w?: Float64Array): number[] {
  const s = new Array<number>(k).fill(0);
  if (src.kind === 'node') {
    forBlocks(src.node, src.offset, n, (S, i0, len) => {
      for (let j = 0; j < k; j++) {
        let acc = s[j];
        const o = j * BLOCK;
        if (w === undefined) for (let i = 0; i < len; i++) acc += S[o + i];
        else for (let i = 0; i < len; i++) acc += S[o + i] * w[i0 + i];
        s[j] = acc;
      }
    });
    return s;
  }
  const lanes = src.kind === 'lanes' ? src.lanes : materialize(src, n);
  const offset = src.kind === 'lanes' ? src.offset : 0;
  for (let j = 0; j < k; j++) {
    const lane = lanes[j];
    let acc = 0;
    if (w === undefined) for (let i = 0; i < n; i++) acc += lane[offset + i];
    else for (let i = 0; i < n; i++) acc += lane[offset + i] * w[i];
    s[j] = acc;
  }
  return s;
}
