import { defined, type OutputLeaf, type Program, type Statement } from './program.js';

/** Runs of scalar outputs shorter than this stay scalars: a loop would not pay for itself. */
const SHORTEST = 4;

/**
 * `p` with each run of consecutive scalar outputs (a `number[]` built element by element, or the
 * `y` an in-place `f` writes element by element) stored into a buffer of its own, each element
 * stored right after the statement that makes it. Re-rolling can then find the repetition
 * `(compute element i, store it)` and write one loop: a scalar output read after the run could
 * only come out of a loop as a carried value, and only the last repetition's can, so such
 * outputs kept their loop unrolled (a `number[]` result of a loop over 1000 elements was 1.6 MB
 * of generated code, growing with n).
 */
export function gatherOutputs(p: Program): Program {
  const runs = scalarRuns(p.outputs);
  if (runs.length === 0) return p;
  const buffers = [...p.buffers];
  const outputs: OutputLeaf[] = [];
  // The stores to write after the statement that defines each id.
  const after = new Map<number, Statement[]>();
  let leaf = 0;
  for (const [start, length] of runs) {
    for (; leaf < start; leaf++) outputs.push(p.outputs[leaf]);
    const buffer = buffers.push({ kind: 'temp', length }) - 1;
    for (let k = 0; k < length; k++) {
      const id = (p.outputs[start + k] as OutputLeaf & { kind: 'scalar' }).id;
      const store: Statement = { op: 'store', buffer, index: { base: k, terms: [] }, value: id };
      const stores = after.get(id);
      if (stores === undefined) after.set(id, [store]);
      else stores.push(store);
    }
    outputs.push({ kind: 'array', buffer, offset: 0, length });
    leaf = start + length;
  }
  for (; leaf < p.outputs.length; leaf++) outputs.push(p.outputs[leaf]);
  const body: Statement[] = [];
  let stored = 0;
  for (const s of p.body) {
    body.push(s);
    for (const id of madeBy(s)) {
      const stores = after.get(id);
      if (stores === undefined) continue;
      body.push(...stores);
      stored += stores.length;
      after.delete(id);
    }
  }
  // Every element must have been stored (an id made by no top-level statement: left as it was).
  const total = runs.reduce((n, [, length]) => n + length, 0);
  return stored === total ? { ...p, body, buffers, outputs } : p;
}

/** `[start, length]` of each run of at least `SHORTEST` consecutive scalar outputs. */
function scalarRuns(outputs: readonly OutputLeaf[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  for (let k = 0; k <= outputs.length; k++) {
    if (k < outputs.length && outputs[k].kind === 'scalar') continue;
    if (k - start >= SHORTEST) runs.push([start, k - start]);
    start = k + 1;
  }
  return runs;
}

/** The ids a top-level statement makes visible after it. */
function madeBy(s: Statement): readonly number[] {
  if (s.op === 'loop') return s.carried.map((c) => c.out);
  const id = defined(s);
  return id >= 0 ? [id] : [];
}
