import { rowOf, transpose, type SparsityPattern } from '../pattern.js';

/**
 * A graph on `n` vertices in CSR layout (`adj[ptr[v] .. ptr[v + 1])`, no self-loops, no
 * repeats): what the coloring algorithms walk. For a column (row) partition the vertices are
 * the columns (rows) and two are adjacent when they share a row (column): the column
 * intersection graph of partial distance-2 coloring. For a symmetric partition the vertices are
 * the indices and two are adjacent when the pattern has an off-diagonal non-zero between them.
 */
export interface Graph {
  readonly n: number;
  readonly ptr: Int32Array;
  readonly adj: Int32Array;
}

/** Neighbours of `v` (a view). */
export function neighbours(g: Graph, v: number): Int32Array {
  return g.adj.subarray(g.ptr[v], g.ptr[v + 1]);
}

/** The column intersection graph of `p`: columns adjacent when some row has both. */
export function columnIntersectionGraph(p: SparsityPattern): Graph {
  const t = transpose(p);
  const n = p.cols;
  const ptr = new Int32Array(n + 1);
  const mark = new Int32Array(n).fill(-1);
  let adj = new Int32Array(Math.max(16, p.colIdx.length * 2));
  let k = 0;
  for (let j = 0; j < n; j++) {
    mark[j] = j;
    for (const i of rowOf(t, j)) {
      for (const other of rowOf(p, i)) {
        if (mark[other] === j) continue;
        mark[other] = j;
        if (k === adj.length) {
          const grown = new Int32Array(adj.length * 2);
          grown.set(adj);
          adj = grown;
        }
        adj[k++] = other;
      }
    }
    ptr[j + 1] = k;
  }
  return { n, ptr, adj: adj.slice(0, k) };
}

/**
 * The adjacency graph of a symmetric pattern (the off-diagonal non-zeros, taken from both
 * triangles so that a pattern given as one triangle still gives the whole graph).
 */
export function adjacencyGraph(p: SparsityPattern): Graph {
  const n = p.rows;
  const t = transpose(p);
  const ptr = new Int32Array(n + 1);
  const lists: number[][] = [];
  for (let v = 0; v < n; v++) {
    const a = rowOf(p, v);
    const b = rowOf(t, v);
    const merged: number[] = [];
    let x = 0;
    let y = 0;
    while (x < a.length || y < b.length) {
      const next = y >= b.length || (x < a.length && a[x] <= b[y]) ? a[x] : b[y];
      if (x < a.length && a[x] === next) x++;
      if (y < b.length && b[y] === next) y++;
      if (next !== v) merged.push(next);
    }
    lists.push(merged);
    ptr[v + 1] = ptr[v] + merged.length;
  }
  const adj = new Int32Array(ptr[n]);
  lists.forEach((l, v) => adj.set(l, ptr[v]));
  return { n, ptr, adj };
}
