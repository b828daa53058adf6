/**
 * Engine benchmark: Rosenbrock written three ways (scalar loop, whole-array operations,
 * map2 + sum) and a scalar-heavy function of 100 inputs, against hand-written derivative code
 * in the same process, each ratio timed in pairs (paired.ts). Reports medians and ratios;
 * never run as a test.
 *
 *   npm run bench:engine            (all sizes)
 *   BENCH_SIZES=1000,100000 npm run bench:engine
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sub } from '@pullback/rules-core/math';
import {
  forward,
  gradient,
  hvp,
  prepareGradient,
  prepareHvp,
  linearize,
  preparePushforward,
  pullback,
  pushforward,
  reverse,
  tangents,
  vjp,
} from '@pullback/engine';
import { hvpTapeStatistics, tapeStatistics } from '@pullback/engine/diagnostics';
import { bareTapeGradient } from './bare-tape.js';
import {
  gradientHand,
  heavy,
  heavyGradientHand,
  heavyHand,
  hvpHand,
  primalHand,
  rosenbrockArray,
  rosenbrockLoop,
  rosenbrockMap2,
} from './rosenbrock-functions.js';
import { paired, unspecialized, type Paired } from './paired.js';

const sizes = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);

// --- the function, three ways --------------------------------------------------------------
// Textually the same loop, never differentiated: V8 shares the vocabulary functions' feedback
// between callers, so these measure what differentiating *other* code costs generic code. Two
// literal copies, because V8 compiles a function once: the first runs only before any
// differentiation, the second only after.
const neverDifferentiatedBefore = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
};
const neverDifferentiatedAfter = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
};
// --- hand-written reference code -----------------------------------------------------------
// --- measurement ---------------------------------------------------------------------------
interface Row {
  readonly case: string;
  readonly n: number;
  readonly medianMs: number;
  readonly referenceMs: number;
  readonly ratio: string;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const keep = (c: string, n: number, r: Paired): void => {
    rows.push({
      case: c,
      n,
      medianMs: Number(r.ms.toPrecision(4)),
      referenceMs: Number(r.baseMs.toPrecision(4)),
      ratio: `${r.ratio.toFixed(1)}x`,
    });
  };
  /**
   * Times what `fn` makes against what `reference` makes in paired rounds (see paired.ts; the
   * closures are made by `unspecialized`) and keeps the row.
   */
  const row = async (
    c: string,
    n: number,
    fn: () => () => unknown,
    reference: () => () => unknown,
    budget: number,
  ): Promise<void> => keep(c, n, await paired(unspecialized(fn), unspecialized(reference), budget));
  // Type-feedback pollution (rules-core's phase 3): the same generic code on plain numbers,
  // before any differentiation in this process and again after all of it.
  const plain = Float64Array.from({ length: 1e5 }, (_, i) => 0.5 + 0.001 * (i % 100));
  const before = await paired(
    () => rosenbrockLoop(plain),
    () => primalHand(plain),
    500,
  );
  const beforeOther = await paired(
    () => neverDifferentiatedBefore(plain),
    () => primalHand(plain),
    500,
  );

  for (const n of sizes) {
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100));
    const budget = n >= 1e6 ? 2000 : 500;
    const bare = bareTapeGradient(x);
    const hand = gradientHand(x);
    if (bare.some((g, i) => Math.abs(g - hand[i]) > 1e-9 * Math.max(1, Math.abs(hand[i])))) {
      throw new Error('the bare tape disagrees with the hand-written gradient');
    }
    await row(
      'gradient, bare eager tape (no dispatch), scalar loop / hand gradient',
      n,
      () => () => bareTapeGradient(x),
      () => () => gradientHand(x),
      budget,
    );
    const v = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
    for (const [style, f] of [
      ['scalar loop', rosenbrockLoop],
      ['whole-array', rosenbrockArray],
      ['map2 + sum', rosenbrockMap2],
    ] as const) {
      await row(
        `gradient, reverse(), ${style} / hand gradient`,
        n,
        () => () => gradient(f, reverse(), x),
        () => () => gradientHand(x),
        budget,
      );
      // The "pushforward time / primal time": the same code run without differentiation.
      await row(
        `${style}, primal (no differentiation) / hand primal`,
        n,
        () => () => f(x),
        () => () => primalHand(x),
        budget,
      );
      await row(
        `pushforward, forward(), ${style} / its primal`,
        n,
        () => () => pushforward(f, forward(), x, v),
        () => () => f(x),
        budget,
      );
      // Compiled preparation: traced once, generated code per call.
      const prepared = prepareGradient(f, reverse(), x);
      const check = prepared.gradient(x) as Float64Array;
      if (
        !prepared.compilation.compiled ||
        check.some((g, i) => Math.abs(g - hand[i]) > 1e-9 * Math.max(1, Math.abs(hand[i])))
      ) {
        throw new Error(
          `the compiled ${style} gradient is wrong or did not compile: ${prepared.explain()}`,
        );
      }
      await row(
        `prepared gradient (compiled), ${style} / hand gradient`,
        n,
        () => () => prepared.gradient(x),
        () => () => gradientHand(x),
        budget,
      );
      const push = preparePushforward(f, forward(), x);
      await row(
        `prepared pushforward (compiled), ${style} / hand primal`,
        n,
        () => () => push.pushforward(x, v),
        () => () => primalHand(x),
        budget,
      );
      if (n <= 1e5) {
        await row(
          `preparation + first call (compiled), ${style} / eager gradient`,
          n,
          () => () => prepareGradient(f, reverse(), x).gradient(x),
          () => () => gradient(f, reverse(), x),
          budget * 4,
        );
      }
      const h = prepareHvp(f, reverse(), x);
      await row(
        `prepared hvp (compiled, forward over reverse), ${style} / hand hvp`,
        n,
        () => () => h.hvp(x, v),
        () => () => hvpHand(x, v),
        budget,
      );
    }
    if (n <= 1e5) {
      const stats = tapeStatistics(rosenbrockLoop, x);
      console.log(
        `tape, scalar loop, n = ${n}: ${stats.scalarOperations} scalar operations, ${stats.bytesPerScalarOperation.toFixed(1)} bytes per scalar operation`,
      );
    }
  }
  {
    // Issue target: an hvp (forward over reverse) costs at most 5x the gradient, at n = 1e4.
    const n = 1e4;
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100));
    const v = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
    for (const [style, f] of [
      ['scalar loop', rosenbrockLoop],
      ['whole-array', rosenbrockArray],
      ['map2 + sum', rosenbrockMap2],
    ] as const) {
      await row(
        `hvp, forward over reverse, ${style} / its gradient`,
        n,
        () => () => hvp(f, reverse(), x, v),
        () => () => gradient(f, reverse(), x),
        500,
      );
      const stats = hvpTapeStatistics(f, x, v);
      console.log(
        `hvp inner tape, ${style}, n = ${n}: ${stats.secondOrder ? 'second-order' : 'generic'}, ${stats.operations} operations, ${stats.genericOperations} generic`,
      );
    }
  }
  {
    // Issue 17: a batch of 8 directions costs at most 3x one pushforward; one application of a
    // linearize or vjp result at most 1/5 of an eager pushforward or pullback (n = 1e4).
    const n = 1e4;
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100));
    const ts = Array.from({ length: 8 }, (_, k) =>
      Float64Array.from({ length: n }, (_, i) => Math.cos(i + k)),
    );
    for (const [style, f, size] of [
      ['scalar loop', rosenbrockLoop, 1e3],
      ['whole-array', rosenbrockArray, n],
      ['map2 + sum', rosenbrockMap2, n],
    ] as const) {
      const xs = x.subarray(0, size);
      const batch = ts.map((t) => t.subarray(0, size));
      await row(
        `pushforward of tangents(8 directions), ${style} / one direction`,
        size,
        () => () => pushforward(f, forward(), xs, tangents(...batch)),
        () => () => pushforward(f, forward(), xs, batch[0]),
        500,
      );
      // Prepared (compiled) objects run a batch one direction per generated pass.
      const prepared = preparePushforward(f, forward(), xs, batch[0]);
      await row(
        `prepared pushforward of tangents(8 directions), ${style} / one prepared direction`,
        size,
        () => () => prepared.pushforward(xs, tangents(...batch)),
        () => () => prepared.pushforward(xs, batch[0]),
        500,
      );
    }
    const lin = linearize(rosenbrockArray, forward(), x);
    await row(
      'linearize(…).jvp, whole-array / eager pushforward',
      n,
      () => () => lin.jvp(ts[0]),
      () => () => pushforward(rosenbrockArray, forward(), x, ts[0]),
      500,
    );
    const back = vjp(rosenbrockArray, reverse(), x);
    await row(
      'vjp(…).pullback, whole-array / eager pullback',
      n,
      () => () => back.pullback(1.5),
      () => () => pullback(rosenbrockArray, reverse(), x, 1.5),
      500,
    );
  }
  {
    const x = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
    await row(
      'scalar-heavy, gradient reverse() / hand gradient',
      100,
      () => () => gradient(heavy, reverse(), x),
      () => () => heavyGradientHand(x),
      500,
    );
    await row(
      'scalar-heavy, gradient forward() / hand gradient',
      100,
      () => () => gradient(heavy, forward(), x),
      () => () => heavyGradientHand(x),
      500,
    );
    const heavyPrepared = prepareGradient(heavy, reverse(), x);
    await row(
      'scalar-heavy, prepared gradient (compiled) / hand gradient',
      100,
      () => () => heavyPrepared.gradient(x),
      () => () => heavyGradientHand(x),
      500,
    );
    await row(
      'scalar-heavy, pushforward forward() / primal',
      100,
      () => () => pushforward(heavy, forward(), x, x),
      () => () => heavyHand(x),
      500,
    );
    const stats = tapeStatistics(heavy, x);
    console.log(
      `tape, scalar-heavy: ${stats.scalarOperations} scalar operations, ${stats.bytesPerScalarOperation.toFixed(1)} bytes per scalar operation`,
    );
  }
  keep('generic Rosenbrock loop on numbers, before any differentiation / hand primal', 1e5, before);
  await row(
    'generic Rosenbrock loop on numbers, after the engine ran / hand primal',
    1e5,
    () => () => rosenbrockLoop(plain),
    () => () => primalHand(plain),
    500,
  );
  keep(
    'the same loop never differentiated itself, before any differentiation / hand primal',
    1e5,
    beforeOther,
  );
  await row(
    'the same loop never differentiated itself, first run after the engine ran / hand primal',
    1e5,
    () => () => neverDifferentiatedAfter(plain),
    () => () => primalHand(plain),
    500,
  );
  console.table(rows);
}

await main();
