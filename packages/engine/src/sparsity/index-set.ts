/** Sorted, duplicate-free lists of input indices: the sparsity tracer's dependency sets. */
export type IndexSet = readonly number[];

/** The empty set, shared. */
export const EMPTY: IndexSet = Object.freeze([]) as IndexSet;

/** `a ∪ b` by merging two sorted lists. */
export function union(a: IndexSet, b: IndexSet): IndexSet {
  if (a.length === 0) return b;
  if (b.length === 0 || a === b) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out.push(a[i++]);
    else if (a[i] > b[j]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** The union of many sets. */
export function unionAll(sets: Iterable<IndexSet>): IndexSet {
  let acc = EMPTY;
  for (const s of sets) acc = union(acc, s);
  return acc;
}
