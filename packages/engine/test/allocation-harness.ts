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

/**
 * A function making a fresh value shaped like `r`, the way the operators make theirs: numbers,
 * arrays of numbers, `Float64Array`s, pairs and triples of those, and matrices with their labels
 * (the label arrays themselves are shared, read-only). What is one of `given` (the caller's own
 * `y`, which an in-place call returns) is not made again. The shape is read here, once: reading
 * the elements of arrays of every kind in one place per call makes V8's loads generic, and a
 * generic load boxes each double it reads (16 bytes per element, which the operators do not
 * spend).
 */
export function sameShape(r: unknown, given: readonly unknown[] = []): () => unknown {
  if (Array.isArray(r) && !allNumbers(r)) {
    if (r.length === 2) {
      const a = partLike(r[0], given);
      const b = partLike(r[1], given);
      return () => [a(), b()];
    }
    if (r.length === 3) {
      const a = partLike(r[0], given);
      const b = partLike(r[1], given);
      const c = partLike(r[2], given);
      return () => [a(), b(), c()];
    }
  }
  return partLike(r, given);
}

/** A function making one part of a result. */
function partLike(r: unknown, given: readonly unknown[]): () => unknown {
  if (given.includes(r)) return () => r;
  if (typeof r === 'number') return () => scaled(r);
  if (r instanceof Float64Array) {
    const n = r.length;
    return () => new Float64Array(n);
  }
  if (Array.isArray(r) && allNumbers(r)) {
    const n = r.length;
    return () => numbers(n);
  }
  if (typeof r === 'object' && r !== null && 'data' in r && r.data instanceof Float64Array) {
    const m = r as Matrix;
    return () => matrixLike(m);
  }
  throw new Error('a result of an unexpected shape');
}

function allNumbers(r: readonly unknown[]): boolean {
  return r.every((e) => typeof e === 'number');
}

/** A fresh number, as an operator returning one makes it. */
function scaled(v: number): number {
  return v * 1.5;
}

/** A fresh `number[]` of `n` doubles, as the operators build theirs. */
function numbers(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i + 0.5;
  return out;
}

interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  readonly rowPaths: unknown;
  readonly colPaths: unknown;
}

/** A matrix result as the operators label theirs (their label arrays are shared). */
function matrixLike(r: Matrix): object {
  const m = { rows: r.rows, cols: r.cols, data: new Float64Array(r.data.length) };
  Object.defineProperty(m, 'rowPaths', {
    value: r.rowPaths,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(m, 'colPaths', {
    value: r.colPaths,
    enumerable: false,
    configurable: true,
  });
  return m;
}

/**
 * Bytes per call `fn` allocates beyond a fresh value shaped like its result; `n` is the
 * result's size, which sets how many calls a window holds; `given` are parts of the result that
 * are the caller's own (an in-place call's `y`).
 */
export function beyondResult(fn: () => unknown, n = 100, given: readonly unknown[] = []): number {
  const result = fn();
  const calls = Math.max(40, Math.min(2000, Math.floor(2e5 / n)));
  return bytesPerCall(fn, calls) - bytesPerCall(sameShape(result, given), calls);
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
