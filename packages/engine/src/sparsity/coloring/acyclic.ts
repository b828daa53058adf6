import { neighbours, type Graph } from './graph.js';

/** One union–find structure per pair of colors, over the vertices of those two colors. */
class PairForests {
  private readonly forests = new Map<number, Map<number, number>>();
  constructor(private readonly n: number) {}

  private forest(c: number, d: number): Map<number, number> {
    const key = c < d ? c * (this.n + 1) + d : d * (this.n + 1) + c;
    let f = this.forests.get(key);
    if (f === undefined) this.forests.set(key, (f = new Map()));
    return f;
  }

  /** The root of `v`'s tree in the (c, d) forest. */
  find(c: number, d: number, v: number): number {
    const f = this.forest(c, d);
    let r = v;
    for (let p = f.get(r); p !== undefined; p = f.get(r)) r = p;
    for (let x = v, p = f.get(x); p !== undefined && p !== r; p = f.get(x)) {
      f.set(x, r);
      x = p;
    }
    return r;
  }

  /** Joins the trees of `v` and `w` in the (c, d) forest. */
  join(c: number, d: number, v: number, w: number): void {
    const rv = this.find(c, d, v);
    const rw = this.find(c, d, w);
    if (rv !== rw) this.forest(c, d).set(rv, rw);
  }
}

/**
 * Greedy acyclic coloring of a symmetric pattern's adjacency graph: a distance-1 coloring in
 * which the vertices of any two colors induce a forest. Every Hessian entry is then recovered
 * by substitution along the trees of each pair of colors (fewer colors than star coloring, at
 * the price of a chain of subtractions per entry).
 *
 * Each vertex takes the smallest color c that keeps every two-colored subgraph a forest: for
 * each color d of its neighbours, its neighbours of color d must lie in different trees of the
 * (c, d) forest (joining two vertices of one tree would close a cycle).
 */
export function acyclicColoring(g: Graph, order: Int32Array): Int32Array {
  const colors = new Int32Array(g.n).fill(-1);
  const forbidden = new Int32Array(g.n + 1).fill(-1);
  const forests = new PairForests(g.n);
  const roots = new Set<number>();
  const keepsForests = (v: number, c: number): boolean => {
    const vn = neighbours(g, v);
    for (let a = 0; a < vn.length; a++) {
      const d = colors[vn[a]];
      if (d < 0) continue;
      // Each color d is checked once, at its first neighbour.
      let first = true;
      for (let b = 0; b < a; b++) if (colors[vn[b]] === d) first = false;
      if (!first) continue;
      roots.clear();
      for (let b = a; b < vn.length; b++) {
        if (colors[vn[b]] !== d) continue;
        const r = forests.find(c, d, vn[b]);
        if (roots.has(r)) return false;
        roots.add(r);
      }
    }
    return true;
  };
  for (const v of order) {
    const vn = neighbours(g, v);
    for (const w of vn) if (colors[w] >= 0) forbidden[colors[w]] = v;
    let c = 0;
    while (forbidden[c] === v || !keepsForests(v, c)) c++;
    colors[v] = c;
    for (const w of vn) if (colors[w] >= 0) forests.join(c, colors[w], v, w);
  }
  return colors;
}
