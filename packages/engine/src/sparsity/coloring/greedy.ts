import { neighbours, type Graph } from './graph.js';

/**
 * Greedy distance-1 coloring of `g` in the given vertex order: each vertex takes the smallest
 * color none of its neighbours has. On a column intersection graph this is the partial
 * distance-2 coloring of Jacobian columns (SparseMatrixColorings' `GreedyColoringAlgorithm`):
 * columns of one color share no row, so their sum is one product and each entry comes back
 * directly.
 */
export function greedyColoring(g: Graph, order: Int32Array): Int32Array {
  const colors = new Int32Array(g.n).fill(-1);
  const forbidden = new Int32Array(g.n + 1).fill(-1);
  for (const v of order) {
    for (const w of neighbours(g, v)) if (colors[w] >= 0) forbidden[colors[w]] = v;
    let c = 0;
    while (forbidden[c] === v) c++;
    colors[v] = c;
  }
  return colors;
}

/**
 * Greedy distance-2 coloring of `g`: vertices within two steps of each other differ. A
 * distance-2 coloring is a star coloring, so it bounds what `starColoring` may use.
 */
export function distance2Coloring(g: Graph, order: Int32Array): Int32Array {
  const colors = new Int32Array(g.n).fill(-1);
  const forbidden = new Int32Array(g.n + 1).fill(-1);
  for (const v of order) {
    for (const w of neighbours(g, v)) {
      if (colors[w] >= 0) forbidden[colors[w]] = v;
      for (const x of neighbours(g, w)) if (x !== v && colors[x] >= 0) forbidden[colors[x]] = v;
    }
    let c = 0;
    while (forbidden[c] === v) c++;
    colors[v] = c;
  }
  return colors;
}
