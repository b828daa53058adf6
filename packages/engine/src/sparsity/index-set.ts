/**
 * The sparsity tracer's dependency sets. A scalar carries a sorted, duplicate-free `number[]`
 * (small: a few inputs); an array carries one set per element in a `SetList`, two `Int32Array`s
 * in CSR layout, so a traced array of 1e5 elements is two allocations rather than 1e5 arrays
 * (which the garbage collector would copy again and again: most of the time of a large
 * detection went there).
 */

/** Sorted, duplicate-free list of input indices. */
export type IndexSet = readonly number[];

/** The empty set, shared. */
export const EMPTY: IndexSet = Object.freeze([]) as IndexSet;

/**
 * `a ∪ b` by merging two sorted lists. The result is allocated at its exact size (counted
 * first): a pattern keeps one set per output, and arrays grown by `push` keep spare capacity.
 */
export function union(a: IndexSet, b: IndexSet): IndexSet {
  if (a.length === 0) return b;
  if (b.length === 0 || a === b) return a;
  let i = 0;
  let j = 0;
  let size = 0;
  while (i < a.length && j < b.length) {
    size++;
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      i++;
      j++;
    }
  }
  size += a.length - i + (b.length - j);
  if (size === a.length) return a;
  if (size === b.length) return b;
  const out = new Array<number>(size);
  let k = 0;
  i = 0;
  j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out[k++] = a[i++];
    else if (a[i] > b[j]) out[k++] = b[j++];
    else {
      out[k++] = a[i++];
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** The union of many sets. */
export function unionAll(sets: Iterable<IndexSet>): IndexSet {
  let acc = EMPTY;
  for (const s of sets) acc = union(acc, s);
  return acc;
}

/** One set per element, in CSR layout: element `i` has `idx[ptr[i] .. ptr[i + 1])`. Immutable. */
export class SetList {
  constructor(
    readonly ptr: Int32Array,
    readonly idx: Int32Array,
  ) {}

  get length(): number {
    return this.ptr.length - 1;
  }

  /** Element `i`'s set. */
  get(i: number): IndexSet {
    const start = this.ptr[i];
    const end = this.ptr[i + 1];
    if (start === end) return EMPTY;
    const out = new Array<number>(end - start);
    for (let k = start; k < end; k++) out[k - start] = this.idx[k];
    return out;
  }

  /** Elements `start .. end` (sharing the index buffer). */
  slice(start: number, end: number): SetList {
    return new SetList(this.ptr.subarray(start, end + 1), this.idx);
  }

  /** The union of every element's set. */
  all(): IndexSet {
    const n = this.length;
    if (n === 0) return EMPTY;
    const from = this.ptr[0];
    const to = this.ptr[n];
    const seen = Array.from(this.idx.subarray(from, to)).sort((a, b) => a - b);
    const out: number[] = [];
    for (const k of seen) if (out.length === 0 || out[out.length - 1] !== k) out.push(k);
    return out;
  }

  /** `n` elements, each with no dependency. */
  static empty(n: number): SetList {
    return new SetList(new Int32Array(n + 1), new Int32Array(0));
  }

  /** `n` elements depending on the inputs `offset`, `offset + 1`, …: a seeded input. */
  static identity(n: number, offset: number): SetList {
    const ptr = new Int32Array(n + 1);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      ptr[i + 1] = i + 1;
      idx[i] = offset + i;
    }
    return new SetList(ptr, idx);
  }

  /** `n` elements all depending on `s`. */
  static constant(n: number, s: IndexSet): SetList {
    const b = new SetListBuilder(n, n * s.length);
    for (let i = 0; i < n; i++) b.pushSet(s);
    return b.done();
  }

  /** A list of the given sets. */
  static of(sets: readonly IndexSet[]): SetList {
    const b = new SetListBuilder(sets.length, sets.length);
    for (const s of sets) b.pushSet(s);
    return b.done();
  }
}

/** Something that gives element `i`'s set: a list, or one set broadcast to every element. */
export type SetSource = SetList | IndexSet;

/** Builds a `SetList` element by element, growing its index buffer by doubling. */
export class SetListBuilder {
  private readonly ptr: Int32Array;
  private idx: Int32Array;
  private n = 0;
  private k = 0;

  constructor(length: number, capacity: number) {
    this.ptr = new Int32Array(length + 1);
    this.idx = new Int32Array(Math.max(capacity, 4));
  }

  private reserve(extra: number): void {
    if (this.k + extra <= this.idx.length) return;
    const grown = new Int32Array(Math.max(this.idx.length * 2, this.k + extra));
    grown.set(this.idx.subarray(0, this.k));
    this.idx = grown;
  }

  /** Appends an element with set `s`. */
  pushSet(s: IndexSet): void {
    this.reserve(s.length);
    for (let t = 0; t < s.length; t++) this.idx[this.k++] = s[t];
    this.ptr[++this.n] = this.k;
  }

  /** Appends an element with the set `src[i]` (a broadcast set for a plain `IndexSet`). */
  pushFrom(src: SetSource, i: number): void {
    if (!(src instanceof SetList)) return this.pushSet(src);
    const from = src.ptr[i];
    const to = src.ptr[i + 1];
    this.reserve(to - from);
    for (let t = from; t < to; t++) this.idx[this.k++] = src.idx[t];
    this.ptr[++this.n] = this.k;
  }

  /** Appends an element with the set `a[i] ∪ b[i]`. */
  pushUnion(a: SetSource, b: SetSource, i: number): void {
    let ai: ArrayLike<number>;
    let af: number;
    let at: number;
    let bi: ArrayLike<number>;
    let bf: number;
    let bt: number;
    if (a instanceof SetList) {
      ai = a.idx;
      af = a.ptr[i];
      at = a.ptr[i + 1];
    } else {
      ai = a;
      af = 0;
      at = a.length;
    }
    if (b instanceof SetList) {
      bi = b.idx;
      bf = b.ptr[i];
      bt = b.ptr[i + 1];
    } else {
      bi = b;
      bf = 0;
      bt = b.length;
    }
    this.reserve(at - af + bt - bf);
    const out = this.idx;
    let k = this.k;
    while (af < at && bf < bt) {
      const x = ai[af];
      const y = bi[bf];
      if (x < y) {
        out[k++] = x;
        af++;
      } else if (x > y) {
        out[k++] = y;
        bf++;
      } else {
        out[k++] = x;
        af++;
        bf++;
      }
    }
    while (af < at) out[k++] = ai[af++];
    while (bf < bt) out[k++] = bi[bf++];
    this.k = k;
    this.ptr[++this.n] = k;
  }

  done(): SetList {
    return new SetList(this.ptr, this.idx.subarray(0, this.k));
  }
}

/**
 * The elementwise union of several sources over `n` elements; `keep(k, i)` may drop source `k`
 * at element `i` (the local detector's structural zeros).
 */
export function unionLists(
  sources: readonly SetSource[],
  n: number,
  keep?: (k: number, i: number) => boolean,
): SetList {
  const live = sources.filter((s) => !(s instanceof SetList ? s.idx.length === 0 : s.length === 0));
  if (keep === undefined) {
    if (live.length === 0) return SetList.empty(n);
    if (live.length === 1 && live[0] instanceof SetList) return live[0];
  }
  if (
    keep === undefined &&
    live.length === 2 &&
    live[0] instanceof SetList &&
    live[1] instanceof SetList
  ) {
    return mergeLists(live[0], live[1], n);
  }
  const b = new SetListBuilder(n, n * 2);
  if (keep === undefined && live.length === 2) {
    for (let i = 0; i < n; i++) b.pushUnion(live[0], live[1], i);
    return b.done();
  }
  for (let i = 0; i < n; i++) {
    let acc: IndexSet = EMPTY;
    for (let k = 0; k < sources.length; k++) {
      if (keep !== undefined && !keep(k, i)) continue;
      const s = sources[k];
      acc = union(acc, s instanceof SetList ? s.get(i) : s);
    }
    b.pushSet(acc);
  }
  return b.done();
}

/** The elementwise union of two lists of `n` elements: one tight merge loop, no reallocation. */
function mergeLists(a: SetList, b: SetList, n: number): SetList {
  const ap = a.ptr;
  const ai = a.idx;
  const bp = b.ptr;
  const bi = b.idx;
  const ptr = new Int32Array(n + 1);
  const out = new Int32Array(ap[n] - ap[0] + (bp[n] - bp[0]));
  let k = 0;
  for (let i = 0; i < n; i++) {
    let x = ap[i];
    const xe = ap[i + 1];
    let y = bp[i];
    const ye = bp[i + 1];
    while (x < xe && y < ye) {
      const u = ai[x];
      const v = bi[y];
      if (u < v) {
        out[k++] = u;
        x++;
      } else if (u > v) {
        out[k++] = v;
        y++;
      } else {
        out[k++] = u;
        x++;
        y++;
      }
    }
    while (x < xe) out[k++] = ai[x++];
    while (y < ye) out[k++] = bi[y++];
    ptr[i + 1] = k;
  }
  return new SetList(ptr, k === out.length ? out : out.subarray(0, k));
}
