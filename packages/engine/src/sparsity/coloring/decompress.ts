import { PullbackError } from '@pullback/rules-core';
import type { SparsityPattern } from '../pattern.js';

/**
 * Rebuilding a matrix's structural non-zeros from compressed products (SparseMatrixColorings'
 * `decompress`). `products[c]` is the product for color `c`: a column `A·s_c` for column and
 * symmetric colorings (length `rows`), a row `s_cᵀ·A` for row colorings (length `cols`). The
 * result is aligned with the pattern's `colIdx`.
 */

/** Thrown when compressed products cannot be decompressed with a coloring: the coloring is not valid for the pattern. */
export class DecompressionError extends PullbackError {}

/** Columns of one color share no row: `A[i][j]` is entry `i` of color(j)'s product. */
export function decompressColumns(
  p: SparsityPattern,
  colors: Int32Array,
  products: readonly ArrayLike<number>[],
): Float64Array {
  const values = new Float64Array(p.colIdx.length);
  for (let i = 0; i < p.rows; i++) {
    for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++)
      values[k] = products[colors[p.colIdx[k]]][i];
  }
  return values;
}

/** Rows of one color share no column: `A[i][j]` is entry `j` of color(i)'s product. */
export function decompressRows(
  p: SparsityPattern,
  colors: Int32Array,
  products: readonly ArrayLike<number>[],
): Float64Array {
  const values = new Float64Array(p.colIdx.length);
  for (let i = 0; i < p.rows; i++) {
    const row = products[colors[i]];
    for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++) values[k] = row[p.colIdx[k]];
  }
  return values;
}

/**
 * Star coloring, direct decompression of a symmetric matrix: `H[i][j]` is entry `i` of
 * color(j)'s product when no other column of row `i` has color(j), else entry `j` of color(i)'s
 * product (a star coloring guarantees one of the two).
 */
export function decompressStar(
  p: SparsityPattern,
  colors: Int32Array,
  products: readonly ArrayLike<number>[],
): Float64Array {
  const n = p.rows;
  const values = new Float64Array(p.colIdx.length);
  // How many columns of row i have each color, for rows i and j of each entry.
  const counts = colorCounts(p, colors);
  for (let i = 0; i < n; i++) {
    for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++) {
      const j = p.colIdx[k];
      if (counts(i, colors[j]) === 1) values[k] = products[colors[j]][i];
      else if (counts(j, colors[i]) === 1) values[k] = products[colors[i]][j];
      else {
        throw new DecompressionError(
          `decompress: entry (${i}, ${j}) cannot be read directly: the coloring is not a star coloring of this pattern.`,
        );
      }
    }
  }
  return values;
}

/** `counts(i, c)`: the number of columns of row `i` with color `c` (rows counted on demand, cached). */
function colorCounts(p: SparsityPattern, colors: Int32Array): (i: number, c: number) => number {
  const cache = new Map<number, Map<number, number>>();
  return (i, c) => {
    let m = cache.get(i);
    if (m === undefined) {
      m = new Map();
      for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++) {
        const d = colors[p.colIdx[k]];
        m.set(d, (m.get(d) ?? 0) + 1);
      }
      cache.set(i, m);
    }
    return m.get(c) ?? 0;
  };
}

/** The position of column `j` in row `i`, by bisection (-1 when absent). */
function positionOf(p: SparsityPattern, i: number, j: number): number {
  let lo = p.rowPtr[i];
  let hi = p.rowPtr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = p.colIdx[mid];
    if (v === j) return mid;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Acyclic coloring, decompression by substitution (Gebremedhin et al. 2009): the vertices of
 * any two colors a, b induce a forest, and entry `v` of b's product is the sum of `H[v][w]` over
 * the neighbours w of color b, all in v's tree. A leaf has one such neighbour, so its entry is
 * read directly; removing it subtracts that entry from its neighbour's sum; and so on up each
 * tree. The diagonal is read directly (a vertex's neighbours never share its color). Rounding
 * accumulates along the chains, hence agreement with dense results to ~1e-13·max|H| rather than
 * exactly.
 */
export function decompressAcyclic(
  p: SparsityPattern,
  colors: Int32Array,
  products: readonly ArrayLike<number>[],
): Float64Array {
  const n = p.rows;
  const values = new Float64Array(p.colIdx.length);
  // Edges (i < j) grouped by their pair of colors.
  const groups = new Map<number, number[]>();
  const K = colorCountOf(colors) + 1;
  for (let i = 0; i < n; i++) {
    for (let k = p.rowPtr[i]; k < p.rowPtr[i + 1]; k++) {
      const j = p.colIdx[k];
      if (j === i) values[k] = products[colors[i]][i];
      else if (j > i) {
        const a = Math.min(colors[i], colors[j]);
        const b = Math.max(colors[i], colors[j]);
        const key = a * K + b;
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = []));
        g.push(i, j);
      }
    }
  }
  for (const edges of groups.values()) peel(edges);
  return values;

  function set(i: number, j: number, v: number): void {
    values[positionOf(p, i, j)] = v;
    const mirror = positionOf(p, j, i);
    if (mirror >= 0) values[mirror] = v;
  }

  function peel(edges: number[]): void {
    const m = edges.length / 2;
    const local = new Map<number, number>();
    const verts: number[] = [];
    for (const v of edges) {
      if (!local.has(v)) {
        local.set(v, verts.length);
        verts.push(v);
      }
    }
    const deg = new Int32Array(verts.length);
    for (const v of edges) deg[local.get(v) as number]++;
    const ptr = new Int32Array(verts.length + 1);
    for (let t = 0; t < verts.length; t++) ptr[t + 1] = ptr[t] + deg[t];
    const fill = ptr.slice(0, verts.length);
    const incident = new Int32Array(2 * m);
    for (let e = 0; e < m; e++) {
      incident[fill[local.get(edges[2 * e]) as number]++] = e;
      incident[fill[local.get(edges[2 * e + 1]) as number]++] = e;
    }
    // Entry v of the other color's product: what is left to explain of v's sum.
    const residual = Float64Array.from(verts, (v, t) => {
      const e = incident[ptr[t]];
      const other = edges[2 * e] === v ? edges[2 * e + 1] : edges[2 * e];
      return products[colors[other]][v];
    });
    const done = new Uint8Array(m);
    const queue: number[] = [];
    for (let t = 0; t < verts.length; t++) if (deg[t] === 1) queue.push(t);
    let solved = 0;
    while (queue.length > 0) {
      const t = queue.pop() as number;
      if (deg[t] !== 1) continue;
      let e = -1;
      for (let q = ptr[t]; q < ptr[t + 1]; q++) if (done[incident[q]] === 0) e = incident[q];
      const v = verts[t];
      const w = edges[2 * e] === v ? edges[2 * e + 1] : edges[2 * e];
      const u = local.get(w) as number;
      const h = residual[t];
      set(v, w, h);
      done[e] = 1;
      solved++;
      deg[t] = 0;
      residual[u] -= h;
      if (--deg[u] === 1) queue.push(u);
    }
    if (solved !== m) {
      throw new DecompressionError(
        'decompress: a pair of colors induces a cycle: the coloring is not an acyclic coloring of this pattern.',
      );
    }
  }
}

function colorCountOf(colors: Int32Array): number {
  let max = -1;
  for (const c of colors) if (c > max) max = c;
  return max + 1;
}
