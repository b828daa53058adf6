/**
 * What a finished gradient leaves allocated: memory (ArrayBuffers, where tapes and typed arrays
 * live) after a forced collection, and whether the caller's `x` can be collected. Run after
 * `npm run build`:
 *
 *   npx tsc -p packages/engine/bench/tsconfig.json
 *   node --expose-gc packages/engine/bench/dist/retained-memory.js [n]
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const n = Number(process.argv[2] ?? 1e7);
const MB = 2 ** 20;

const wholeArray = (x: RealArray): Real => sum(square(x));
const scalarLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) s = add(s, mul(at(x, i), at(x, i)));
  return s;
};

async function collect(): Promise<NodeJS.MemoryUsage> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc?.();
  gc?.();
  return process.memoryUsage();
}

for (const [name, f] of [
  ['whole-array sum(square(x))', wholeArray],
  ['scalar loop', scalarLoop],
] as const) {
  const before = await collect();
  // x lives only in this function: once it returns, only the engine could still hold it.
  const [ref, ms] = ((): [WeakRef<Float64Array>, number] => {
    const x = new Float64Array(n).fill(0.5);
    const t0 = performance.now();
    gradient(f, reverse(), x);
    return [new WeakRef(x), performance.now() - t0];
  })();
  const right = await collect();
  const held = ref.deref() === undefined ? 'collected' : 'still referenced';
  // An oversized spare tape is kept while calls keep coming: measure again once it is idle.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const after = await collect();
  const delta = (m: NodeJS.MemoryUsage, k: keyof NodeJS.MemoryUsage) =>
    ((m[k] - before[k]) / MB).toFixed(1);
  console.log(
    `${name}, n = ${n}: ${ms.toFixed(0)} ms; caller's x ${held}; arrayBuffers kept right ` +
      `after the call ${delta(right, 'arrayBuffers')} MB, a second later ` +
      `${delta(after, 'arrayBuffers')} MB (external ${delta(after, 'external')} MB, heapUsed ` +
      `${delta(after, 'heapUsed')} MB, rss ${delta(after, 'rss')} MB)`,
  );
}
