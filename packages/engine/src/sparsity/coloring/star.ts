import { neighbours, type Graph } from './graph.js';

/**
 * Greedy star coloring of a symmetric pattern's adjacency graph (Gebremedhin, Manne & Pothen,
 * "What color is your Jacobian?", 2005): a distance-1 coloring in which every path on four
 * vertices uses at least three colors. Then for every non-zero (i, j) the color of j is unique
 * among row i's columns, or that of i among row j's, so each Hessian entry is read directly from
 * one Hessian-vector product (direct decompression).
 *
 * Each vertex takes the smallest color that keeps the colored part a star coloring: not a
 * neighbour's color, and not a color that would close a two-colored path on four vertices
 * through it, as an end (v–w–x–y) or inside (u–v–w–x). Checking the condition exactly, rather
 * than the usual sufficient rule, lets a hub visited last still share one color among its
 * leaves (an arrowhead takes 2 colors in any order).
 */
export function starColoring(g: Graph, order: Int32Array): Int32Array {
  const n = g.n;
  const colors = new Int32Array(n).fill(-1);
  const forbidden = new Int32Array(n + 1).fill(-1);
  // How many colored neighbours of v have each color (stamped by v).
  const count = new Int32Array(n + 1);
  const stamp = new Int32Array(n + 1).fill(-1);
  for (const v of order) {
    const vn = neighbours(g, v);
    for (const w of vn) {
      const d = colors[w];
      if (d < 0) continue;
      if (stamp[d] !== v) {
        stamp[d] = v;
        count[d] = 0;
      }
      count[d]++;
      forbidden[d] = v;
    }
    for (const w of vn) {
      const d = colors[w];
      if (d < 0) continue;
      // u–v–w–x: another neighbour of v has w's color.
      const twice = count[d] >= 2;
      for (const x of neighbours(g, w)) {
        const c = colors[x];
        if (x === v || c < 0 || forbidden[c] === v) continue;
        if (twice || hasOtherNeighbourOfColor(g, colors, x, w, d)) forbidden[c] = v;
      }
    }
    let c = 0;
    while (forbidden[c] === v) c++;
    colors[v] = c;
  }
  return colors;
}

/** v–w–x–y: `x` has a neighbour other than `w` of color `d`. */
function hasOtherNeighbourOfColor(
  g: Graph,
  colors: Int32Array,
  x: number,
  w: number,
  d: number,
): boolean {
  for (const y of neighbours(g, x)) if (y !== w && colors[y] === d) return true;
  return false;
}
