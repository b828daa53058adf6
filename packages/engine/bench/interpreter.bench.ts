/**
 * The interpreter path of compiled preparation: prepared operators where code cannot be
 * generated, timed against hand-written code in the same process (paired.ts). `npm run
 * bench:engine` runs this file under `node --disallow-code-generation-from-strings`, the
 * setting it measures (a strict Content Security Policy behaves the same); it refuses to run
 * without it, since its rows would then time generated code.
 *
 *   BENCH_SIZES=1000,100000 npm run bench:engine
 */
import {
  forward,
  prepareGradient,
  prepareHvp,
  preparePushforward,
  reverse,
} from '@pullback/engine';
import { paired, unspecialized } from './paired.js';
import {
  gradientHand,
  heavy,
  heavyGradientHand,
  hvpHand,
  primalHand,
  rosenbrockArray,
  rosenbrockLoop,
  rosenbrockMap2,
} from './rosenbrock-functions.js';

const sizes = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);

function codeGenerationAllowed(): boolean {
  try {
    return typeof new Function('return 0') === 'function';
  } catch {
    return false;
  }
}

function check(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  if (
    Array.from(expected).some((e, i) => Math.abs(actual[i] - e) > 1e-9 * Math.max(1, Math.abs(e)))
  )
    throw new Error(`${what} is wrong`);
}

async function main(): Promise<void> {
  if (codeGenerationAllowed()) {
    throw new Error(
      'run under node --disallow-code-generation-from-strings (npm run bench:engine)',
    );
  }
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
      ratio: `${r.ratio.toFixed(1)}x`,
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
      const p = prepareGradient(f, reverse(), x);
      check(`the interpreted ${style} gradient`, p.gradient(x) as Float64Array, gradientHand(x));
      if (p.compilation.engine !== 'interpreted') throw new Error(`${style}: ${p.explain()}`);
      await row(
        `prepared gradient (interpreted), ${style} / hand gradient`,
        n,
        () => () => p.gradient(x),
        () => () => gradientHand(x),
        budget,
      );
      if (n <= 1e5) {
        const pf = preparePushforward(f, forward(), x);
        const dot = gradientHand(x).reduce((s, g, i) => s + g * v[i], 0);
        check(`the interpreted ${style} pushforward`, [pf.pushforward(x, v) as number], [dot]);
        await row(
          `prepared pushforward (interpreted), ${style} / hand primal`,
          n,
          () => () => pf.pushforward(x, v),
          () => () => primalHand(x),
          budget,
        );
        const h = prepareHvp(f, reverse(), x);
        check(`the interpreted ${style} hvp`, h.hvp(x, v) as Float64Array, hvpHand(x, v));
        await row(
          `prepared hvp (interpreted), ${style} / hand hvp`,
          n,
          () => () => h.hvp(x, v),
          () => () => hvpHand(x, v),
          budget,
        );
      }
    }
  }
  const x = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
  const p = prepareGradient(heavy, reverse(), x);
  await row(
    'scalar-heavy, prepared gradient (interpreted) / hand gradient',
    100,
    () => () => p.gradient(x),
    () => () => heavyGradientHand(x),
    500,
  );
  console.table(rows);
}

await main();
