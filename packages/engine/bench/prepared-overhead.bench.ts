/**
 * What a public prepared call costs beyond its generated code, at sizes where that dominates
 * (issue 13: no allocation per call beyond the result). Each row is one prepared call on
 * Rosenbrock (whole-array, or the scalar loop for a number[] x), paired (paired.ts) against a hand-written gradient, or with `BASELINE`
 * set, against the same call on another build of the engine (a copy of its `dist/`, kept under
 * the repository's node_modules so that it resolves the same `@pullback/rules-core` and no
 * formatter or linter reads it): the ratio is then
 * "this build / that build".
 *
 *   tsc -p packages/engine/bench/tsconfig.json && node packages/engine/bench/dist/prepared-overhead.bench.js
 *   BASELINE=$PWD/node_modules/.pullback-baseline/index.js node packages/engine/bench/dist/prepared-overhead.bench.js
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { at, mul, setAt, slice, square, sub, sum } from '@pullback/rules-core/math';
import * as current from '@pullback/engine';
import { paired } from './paired.js';
import { gradientHand, rosenbrockArray, rosenbrockLoop } from './rosenbrock-functions.js';

type Engine = typeof current;

/** `y[i] = 10 (x[i+1] - x[i]²)` written in place, for the in-place rows. */
const residualsInPlace = (y: Real[], x: RealArray): void => {
  const r = mul(10, sub(slice(x, 1, x.length), square(slice(x, 0, x.length - 1))));
  for (let i = 0; i + 1 < x.length; i++) setAt(y, i, at(r, i));
};
/** A weighted sum of squares with its weights as an extra argument. */
const weighted = (x: RealArray, w: RealArray): Real => sum(mul(w, square(sub(x, 1))));
/** The same residuals out of place, for the Jacobian row. */
const residuals = (x: RealArray): RealArray =>
  mul(10, sub(slice(x, 1, x.length), square(slice(x, 0, x.length - 1)))) as RealArray;

/** The calls measured, each made ready on engine `e` for inputs of length `n`. */
function calls(e: Engine, n: number): [string, () => unknown][] {
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100));
  const xs = Array.from(x);
  const v = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
  const w = Float64Array.from({ length: n }, (_, i) => 1 + i / n);
  const g = e.prepareGradient(rosenbrockArray, e.reverse(), x);
  // The scalar loop on a number[] x (builds before 2026-12-05 did not compile its slices).
  const gs = e.prepareGradient(rosenbrockLoop, e.reverse(), xs);
  const gw = e.prepareGradient(weighted, e.reverse(), x, w);
  const pf = e.preparePushforward(rosenbrockArray, e.forward(), x);
  const pb = e.preparePullback(rosenbrockArray, e.reverse(), x);
  const h = e.prepareHvp(rosenbrockArray, e.reverse(), x);
  const y = new Float64Array(Math.max(0, n - 1));
  const pfi = e.preparePushforwardInPlace(residualsInPlace, e.forward(), y, x);
  const rows: [string, () => unknown][] = [
    ['p.gradient(x)', () => g.gradient(x)],
    ['p.valueAndGradient(x)', () => g.valueAndGradient(x)],
    ['p.gradient(x), x a number[], scalar loop', () => gs.gradient(xs)],
    ['p.gradient(x, w)', () => gw.gradient(x, w)],
    ['p.pushforward(x, t)', () => pf.pushforward(x, v)],
    ['p.pullback(x, 1)', () => pb.pullback(x, 1)],
    ['p.hvp(x, v)', () => h.hvp(x, v)],
    ['p.pushforward(y, x, t) in place', () => pfi.pushforward(y, x, v)],
  ];
  // number[] directions and cotangents, a number[] output, the other in-place forms.
  const vs = Array.from(v);
  const pfs = e.preparePushforward(rosenbrockLoop, e.forward(), xs);
  const pbi = e.preparePullbackInPlace(residualsInPlace, e.reverse(), y, x);
  const dy = Float64Array.from(y, (_, i) => (i % 2) - 0.5);
  rows.push(
    ['p.pushforward(x, t), x and t number[], scalar loop', () => pfs.pushforward(xs, vs)],
    ['p.pullback(y, x, dy) in place', () => pbi.pullback(y, x, dy)],
  );
  if (n <= 100) {
    const j = e.prepareJacobian(residuals, e.forward(), x);
    const jr = e.prepareJacobian(residuals, e.reverse(), xs);
    const hs = e.prepareHessian(rosenbrockArray, e.secondOrder(e.forward(), e.reverse()), x);
    const ji = e.prepareJacobianInPlace(residualsInPlace, e.forward(), y, x);
    rows.push(
      ['p.jacobian(x)', () => j.jacobian(x)],
      ['p.jacobian(x), reverse, x a number[]', () => jr.jacobian(xs)],
      ['p.hessian(x)', () => hs.hessian(x)],
      ['p.jacobian(y, x) in place', () => ji.jacobian(y, x)],
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const baseline = process.env.BASELINE;
  const before = baseline === undefined ? undefined : ((await import(baseline)) as Engine);
  const sizes = (process.env.BENCH_SIZES ?? '10,1000').split(',').map(Number);
  const rows: { call: string; n: number; medianUs: number; referenceUs: number; ratio: string }[] =
    [];
  for (const n of sizes) {
    const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100));
    const mine = calls(current, n);
    const theirs = before === undefined ? undefined : calls(before, n);
    for (let k = 0; k < mine.length; k++) {
      const [name, fn] = mine[k];
      const ref = theirs?.[k][1] ?? (() => gradientHand(x));
      const r = await paired(fn, ref, 400);
      rows.push({
        call: name,
        n,
        medianUs: Number((r.ms * 1e3).toPrecision(3)),
        referenceUs: Number((r.baseMs * 1e3).toPrecision(3)),
        ratio: `${r.ratio.toFixed(2)}x`,
      });
    }
  }
  console.log(
    before === undefined
      ? 'Prepared calls / a hand-written gradient (whole-array Rosenbrock):'
      : `Prepared calls, this build / ${baseline}:`,
  );
  console.table(rows);
}

void main();
