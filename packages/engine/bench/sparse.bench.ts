/**
 * Sparse Jacobians against dense ones (issue 15): a banded residual
 * yᵢ = xᵢ₋₁ − 2xᵢ + xᵢ₊₁ + sin(xᵢ)·xᵢ₊₂ (bands (1, 2), 4 colors) at n = 1e3 and 1e4, with
 * detection, coloring and evaluation timed separately. Evaluation of the prepared sparse Jacobian
 * is timed in pairs against the prepared dense forward-mode one (paired.ts); at n = 1e4 the dense
 * Jacobian would take 800 MB, so its time is extrapolated from n = 1e3 (n/chunk forward passes
 * of O(n) work each: ×100 for ten times the size). Both sides run eagerly (`compile: false`:
 * sparse backends do not compile yet). Never run as a test.
 *
 *   npm run build && tsc -p packages/engine/bench/tsconfig.json && \
 *     node --expose-gc packages/engine/bench/dist/sparse.bench.js
 */
import type { RealArray } from '@pullback/rules-core';
import { add, mul, sin, slice, sub } from '@pullback/rules-core/math';
import { coloring, forward, jacobianSparsity, prepareJacobian, sparse } from '@pullback/engine';
import { Bench } from 'tinybench';
import { paired } from './paired.js';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);

/** The banded residual over whole arrays, for interior i (bands (1, 2)). */
function banded(x: RealArray): RealArray {
  const n = x.length;
  const prev = slice(x, 0, n - 3);
  const here = slice(x, 1, n - 2);
  const next = slice(x, 2, n - 1);
  const next2 = slice(x, 3, n);
  return add(add(sub(prev, mul(2, here)), next), mul(sin(here), next2)) as RealArray;
}

async function median(fn: () => unknown, time = 400): Promise<number> {
  const bench = new Bench({ time, warmupTime: 100, iterations: 5 });
  bench.add('task', fn);
  await bench.run();
  const r = bench.getTask('task')?.result as { latency?: { p50?: number }; error?: unknown };
  if (r.error) throw r.error;
  return r.latency?.p50 ?? Number.NaN;
}

const ms = (v: number): string => (v < 10 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(0));

// Warm-up at every size, so the first row does not pay for compiling the engine's code.
for (const n of sizes) {
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  for (let r = 0; r < 20; r++) coloring(jacobianSparsity(banded, 'global', x));
  prepareJacobian(banded, sparse(forward()), x).jacobian(x);
}

const rows: string[] = [];
let denseAt1e3: number | undefined;
for (const n of sizes) {
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
  const detection = await median(() => jacobianSparsity(banded, 'global', x));
  const pattern = jacobianSparsity(banded, 'global', x);
  const colored = coloring(pattern);
  const coloringMs = await median(() => coloring(pattern));
  const sparsePrep = prepareJacobian(banded, sparse(forward()), x);
  let evaluation: number;
  let dense: number;
  let ratio: string;
  if (n * n * 8 <= 1e8) {
    const densePrep = prepareJacobian(banded, forward({ compile: false }), x);
    const p = await paired(
      () => sparsePrep.jacobian(x),
      () => densePrep.jacobian(x),
      3000,
    );
    evaluation = p.ms;
    dense = p.baseMs;
    if (n === 1000) denseAt1e3 = dense;
    ratio = `${(p.ratio * 100).toFixed(2)}%`;
  } else {
    evaluation = await median(() => sparsePrep.jacobian(x));
    dense = (denseAt1e3 ?? Number.NaN) * (n / 1000) ** 2;
    ratio = `${((evaluation / dense) * 100).toFixed(3)}% (dense extrapolated)`;
  }
  rows.push(
    `| ${n} | ${pattern.colIdx.length} | ${colored.count} | ${ms(detection)} | ${ms(coloringMs)} | ${ms(evaluation)} | ${ms(dense)} | ${ratio} |`,
  );
}
console.log(
  [
    '| n | non-zeros | colors | detection (ms) | coloring (ms) | sparse Jacobian (ms) | dense forward Jacobian (ms) | sparse / dense |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n'),
);
