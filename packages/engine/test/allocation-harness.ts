import { GCProfiler } from 'node:v8';

/**
 * Issue 13's measure of "no allocation per call beyond the returned result": the heap's growth
 * over many calls (a window in which a collection ran is measured again), minus the growth of a
 * function that builds a fresh value shaped like the result. After warming up, V8's allocation
 * per call is exact to the byte, and every object is at least 12 bytes (a boxed number): a
 * budget of 8 bytes per call is "nothing". staging/allocation.test.ts checks the harness on a
 * function that drops one small array per call, which it must see.
 */

/** Where results go, so that no call is optimised away; read once below. */
let sink: unknown;

/**
 * Heap growth per call of `fn` over `calls` calls with no collection (the least of 8 windows: one may still run code being optimized).
 * Windows are short for large results: their off-heap storage also prompts collections.
 */
export function bytesPerCall(fn: () => unknown, calls: number): number {
  for (let i = 0; i < 3000; i++) sink = fn();
  let least = Infinity;
  for (let tries = 0, clean = 0; clean < 8 && tries < 24; tries++) {
    const gcs = new GCProfiler();
    gcs.start();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < calls; i++) sink = fn();
    const after = process.memoryUsage().heapUsed;
    if (gcs.stop().statistics.length > 0) continue;
    clean++;
    least = Math.min(least, (after - before) / calls);
  }
  if (least === Infinity || sink === undefined)
    throw new Error('every measurement window saw a collection');
  return least;
}

/** A fresh value shaped like `r`, built the way the operators build theirs. */
export function sameShape(r: unknown): unknown {
  if (typeof r === 'number') return r * 1.5;
  if (r instanceof Float64Array) return new Float64Array(r.length);
  if (Array.isArray(r) && r.length === 2) return [sameShape(r[0]), sameShape(r[1])];
  throw new Error('a result of an unexpected shape');
}

/**
 * Bytes per call `fn` allocates beyond a fresh value shaped like its result; `n` is the
 * result's size, which sets how many calls a window holds.
 */
export function beyondResult(fn: () => unknown, n = 100): number {
  const result = fn();
  const calls = Math.max(40, Math.min(2000, Math.floor(2e5 / n)));
  return bytesPerCall(fn, calls) - bytesPerCall(() => sameShape(result), calls);
}

/**
 * The least of up to three measurements, stopping once one is under `budget`: V8 may still be
 * re-optimizing a function after a deoptimization, which boxes numbers for a while (measured:
 * 16–56 bytes per call in one of about 40 cases in some runs, under budget when measured again).
 * A real allocation per call is there in every measurement.
 */
export function leastOfThree(measure: () => number, budget: number): number {
  let least = Infinity;
  for (let k = 0; k < 3 && least >= budget; k++) least = Math.min(least, measure());
  return least;
}
