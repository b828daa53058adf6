/**
 * The compiled rows alone (issue 13's targets), for quick before/after runs while working on
 * the generated code: prepared gradient, pushforward and hvp against hand-written code, and
 * preparation with its first call against eager gradients, paired in one process (paired.ts).
 * The full table, eager rows included, is rosenbrock.bench.ts.
 *
 *   tsc -p packages/engine/bench/tsconfig.json && node packages/engine/bench/dist/compiled.bench.js
 *   BENCH_SIZES=1000 BENCH_ROWS=gradient,hvp node packages/engine/bench/dist/compiled.bench.js
 *   BENCH_SIZES=100000 BENCH_ROWS=preparation node packages/engine/bench/dist/compiled.bench.js
 */
import {
  forward,
  gradient,
  prepareGradient,
  prepareHvp,
  preparePushforward,
  reverse,
} from '@pullback/engine';
import { paired, unspecialized } from './paired.js';
import {
  gradientHand,
  heavy,
  heavyArray,
  heavyGradientHand,
  hvpHand,
  primalHand,
  rosenbrockArray,
  rosenbrockLoop,
  rosenbrockMap2,
} from './rosenbrock-functions.js';

const sizes = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const wanted = (process.env.BENCH_ROWS ?? 'gradient,pushforward,hvp,preparation,heavy').split(',');

async function main(): Promise<void> {
  const rows: { case: string; n: number; medianMs: number; referenceMs: number; ratio: string }[] =
    [];
  /** One row; `fn` and `ref` make the closures timed (see `unspecialized`). */
  const row = async (
    c: string,
    n: number,
    fn: () => () => unknown,
    ref: () => () => unknown,
    ms: number,
  ) => {
    const r = await paired(unspecialized(fn), unspecialized(ref), ms);
    rows.push({
      case: c,
      n,
      medianMs: Number(r.ms.toPrecision(4)),
      referenceMs: Number(r.baseMs.toPrecision(4)),
      ratio: `${r.ratio.toFixed(2)}x`,
    });
  };
  for (const n of sizes) {
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100));
    const v = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
    const budget = n >= 1e6 ? 2000 : 500;
    for (const [style, f] of [
      ['scalar loop', rosenbrockLoop],
      ['whole-array', rosenbrockArray],
      ['map2 + sum', rosenbrockMap2],
    ] as const) {
      if (wanted.includes('gradient')) {
        const p = prepareGradient(f, reverse(), x);
        p.gradient(x);
        if (!p.compilation.compiled) throw new Error(p.explain());
        await row(
          `prepared gradient, ${style} / hand gradient`,
          n,
          () => () => p.gradient(x),
          () => () => gradientHand(x),
          budget,
        );
      }
      if (wanted.includes('pushforward')) {
        const p = preparePushforward(f, forward(), x);
        await row(
          `prepared pushforward, ${style} / hand primal`,
          n,
          () => () => p.pushforward(x, v),
          () => () => primalHand(x),
          budget,
        );
      }
      // Issue 13: preparation (trace, generate, first call) within 20 eager gradients at 1e5.
      if (wanted.includes('preparation') && n <= 1e5) {
        await row(
          `preparation + first call, ${style} / eager gradient`,
          n,
          () => () => prepareGradient(f, reverse(), x).gradient(x),
          () => () => gradient(f, reverse(), x),
          budget * 4,
        );
      }
      if (wanted.includes('hvp')) {
        const h = prepareHvp(f, reverse(), x);
        await row(
          `prepared hvp, ${style} / hand hvp`,
          n,
          () => () => h.hvp(x, v),
          () => () => hvpHand(x, v),
          budget,
        );
      }
    }
  }
  if (wanted.includes('heavy')) {
    const x = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const p = prepareGradient(heavy, reverse(), x);
    await row(
      'scalar-heavy, prepared gradient / hand gradient',
      100,
      () => () => p.gradient(x),
      () => () => heavyGradientHand(x),
      500,
    );
    const q = prepareGradient(heavyArray, reverse(), x);
    await row(
      'scalar-heavy whole-array, prepared gradient / hand gradient',
      100,
      () => () => q.gradient(x),
      () => () => heavyGradientHand(x),
      500,
    );
  }
  console.table(rows);
}

await main();
