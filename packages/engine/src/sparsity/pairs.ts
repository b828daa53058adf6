import { EMPTY, type IndexSet } from './index-set.js';

/**
 * Second-order pairs of a Hessian pattern, as sorted numbers `i * n + j` with `i ≤ j` (`n`
 * inputs; exact up to n ≈ 9e7). A symmetric pattern needs only one triangle.
 */

/** Every pair `{i, j}` with `i ∈ a`, `j ∈ b`. */
export function crossPairs(a: IndexSet, b: IndexSet, n: number): IndexSet {
  if (a.length === 0 || b.length === 0) return EMPTY;
  const out: number[] = [];
  for (const i of a) for (const j of b) out.push(i <= j ? i * n + j : j * n + i);
  return sortedUnique(out);
}

/** Every pair within `s` (the diagonal included). */
export function squarePairs(s: IndexSet, n: number): IndexSet {
  if (s.length === 0) return EMPTY;
  const out: number[] = [];
  // `s` is sorted, so `i * n + j` over i ≤ j comes out sorted.
  for (let a = 0; a < s.length; a++) for (let b = a; b < s.length; b++) out.push(s[a] * n + s[b]);
  return out;
}

function sortedUnique(xs: number[]): IndexSet {
  xs.sort((p, q) => p - q);
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (i === 0 || xs[i] !== xs[k - 1]) xs[k++] = xs[i];
  xs.length = k;
  return xs;
}
