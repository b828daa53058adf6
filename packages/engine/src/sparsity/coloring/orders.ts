import { neighbours, type Graph } from './graph.js';

/**
 * The order in which greedy coloring visits vertices (SparseMatrixColorings' orders). Degrees
 * are taken in the graph being colored: the column intersection graph for a column partition
 * (so distance-2 degrees in the bipartite graph), the adjacency graph for a symmetric one.
 * - `'natural'`: 0, 1, 2, …
 * - `'largest-first'`: by decreasing degree (ties by index);
 * - `'smallest-last'`: repeatedly remove a vertex of smallest degree in what remains; visit in
 *   the reverse order of removal;
 * - `'incidence-degree'`: next, the vertex with the most neighbours already visited;
 * - `'dynamic-largest-first'`: next, the vertex with the most neighbours not yet visited;
 * - `'random'`: a permutation drawn from a seeded generator (`seed`, default 0), the same for
 *   the same seed.
 */
export type ColoringOrder =
  | 'natural'
  | 'largest-first'
  | 'smallest-last'
  | 'incidence-degree'
  | 'dynamic-largest-first'
  | 'random';

/** Every order, for checking options and for tests. */
export const COLORING_ORDERS: readonly ColoringOrder[] = [
  'natural',
  'largest-first',
  'smallest-last',
  'incidence-degree',
  'dynamic-largest-first',
  'random',
];

/** The vertices of `g` in the given order. */
export function vertexOrder(g: Graph, order: ColoringOrder, seed: number): Int32Array {
  const n = g.n;
  const degree = (v: number): number => g.ptr[v + 1] - g.ptr[v];
  switch (order) {
    case 'natural':
      return Int32Array.from({ length: n }, (_, v) => v);
    case 'largest-first':
      return Int32Array.from({ length: n }, (_, v) => v).sort(
        (a, b) => degree(b) - degree(a) || a - b,
      );
    case 'random':
      return shuffled(n, seed);
    case 'smallest-last': {
      const removal = dynamic(
        g,
        Int32Array.from({ length: n }, (_, v) => degree(v)),
        'min',
        -1,
      );
      return removal.reverse();
    }
    case 'incidence-degree':
      return dynamic(g, new Int32Array(n), 'max', +1);
    case 'dynamic-largest-first':
      return dynamic(
        g,
        Int32Array.from({ length: n }, (_, v) => degree(v)),
        'max',
        -1,
      );
  }
}

/** A Fisher–Yates shuffle of 0..n-1 driven by mulberry32(`seed`). */
function shuffled(n: number, seed: number): Int32Array {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const out = Int32Array.from({ length: n }, (_, v) => v);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/**
 * Picks vertices one by one by their key (`'min'` or `'max'`, ties to the vertex bucketed
 * first), and after each pick adds `step` to the key of each neighbour not yet picked. Keys live
 * in buckets (doubly linked lists per key value), so each pick and update is O(1) amortised.
 */
function dynamic(g: Graph, key: Int32Array, pick: 'min' | 'max', step: number): Int32Array {
  const n = g.n;
  let top = 0;
  for (let v = 0; v < n; v++) top = Math.max(top, key[v]);
  const size = top + n + 2;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const insert = (v: number): void => {
    const k = key[v];
    next[v] = head[k];
    prev[v] = -1;
    if (head[k] !== -1) prev[head[k]] = v;
    head[k] = v;
  };
  const remove = (v: number): void => {
    if (prev[v] !== -1) next[prev[v]] = next[v];
    else head[key[v]] = next[v];
    if (next[v] !== -1) prev[next[v]] = prev[v];
  };
  // Inserted in reverse so each bucket lists lower indices first.
  for (let v = n - 1; v >= 0; v--) insert(v);
  const out = new Int32Array(n);
  let cursor = pick === 'min' ? 0 : size - 1;
  for (let t = 0; t < n; t++) {
    if (pick === 'min') {
      cursor = Math.max(0, cursor - 1);
      while (head[cursor] === -1) cursor++;
    } else {
      cursor = Math.min(size - 1, cursor + 1);
      while (head[cursor] === -1) cursor--;
    }
    const v = head[cursor];
    remove(v);
    done[v] = 1;
    out[t] = v;
    for (const w of neighbours(g, v)) {
      if (done[w] === 1) continue;
      remove(w);
      key[w] += step;
      insert(w);
    }
  }
  return out;
}
