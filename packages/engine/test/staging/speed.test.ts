import { it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, map2, mul, slice, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';
import { StagedPreparation } from '../../src/staging/staged-preparation.js';
import { PassContext } from '../../src/passes/context.js';
const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);

const rosenbrockLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
};
const rosenbrockArray = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};
const term = (a: Real, b: Real): Real =>
  add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));
const rosenbrockMap2 = (x: RealArray): Real =>
  sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));
function gradientHand(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    g[i] += -400 * d * a - 2 * (1 - a);
    g[i + 1] += 200 * d;
  }
  return g;
}
const time = (f: () => void, reps: number): number => {
  for (let r = 0; r < 5; r++) f();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
};
it('speed', () => {
  const n = Number(process.env.N ?? 100000);
  const x = new Float64Array(n).map((_, i) => Math.sin(i));
  for (const [name, f] of [
    ['loop', rosenbrockLoop],
    ['array', rosenbrockArray],
    ['map2', rosenbrockMap2],
  ] as const) {
    const t0 = performance.now();
    const sp = new StagedPreparation(f as never, x, [], config);
    const t1 = performance.now();
    sp.vjp(x, x, [], undefined, false);
    const t2 = performance.now();
    const tc = time(() => sp.vjp(x, x, [], undefined, false), 30);
    const th = time(() => gradientHand(x), 30);
    const te = time(() => gradient(f, reverse(), x), 5);
    console.log(
      `${name}: trace+passes ${(t1 - t0).toFixed(0)} ms, gen+first ${(t2 - t1).toFixed(0)} ms; compiled ${tc.toFixed(3)} ms, hand ${th.toFixed(3)} ms, ratio ${(tc / th).toFixed(2)}; eager ${te.toFixed(2)} ms (${(te / th).toFixed(0)}x) prep/eager ${((t2 - t0) / te).toFixed(1)}`,
    );
  }
}, 300000);
