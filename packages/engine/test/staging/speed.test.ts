import { it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, map2, mul, slice, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';
import { stage } from '../../src/staging/stage.js';
import { fuse } from '../../src/staging/fuse.js';
import { reroll } from '../../src/staging/reroll.js';
import { CompiledReverse } from '../../src/staging/compiled-reverse.js';
import { sizeOf } from '../../src/internal/structure.js';

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
const term = (a: Real, b: Real): Real => add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));
const rosenbrockMap2 = (x: RealArray): Real => sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));
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
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
};
it('speed', () => {
  const n = 100000;
  const x = new Float64Array(n).map((_, i) => Math.sin(i));
  for (const [name, f] of [['loop', rosenbrockLoop], ['array', rosenbrockArray], ['map2', rosenbrockMap2]] as const) {
    const t0 = performance.now();
    const s = stage(f as never, x, []);
    const t1 = performance.now();
    const p = fuse(reroll(s.program));
    const t2 = performance.now();
    const c = new CompiledReverse(p, false, sizeOf(s.input), 1);
    c.DY[0] = 1;
    c.call(x, new Float64Array(0));
    const t3 = performance.now();
    const tc = time(() => { c.call(x, new Float64Array(0)); c.G.slice(); }, 50);
    const th = time(() => gradientHand(x), 50);
    const te = time(() => gradient(f, reverse(), x), 5);
    console.log(`${name}: trace ${(t1 - t0).toFixed(1)} ms, passes ${(t2 - t1).toFixed(1)} ms, gen+first ${(t3 - t2).toFixed(1)} ms; compiled ${tc.toFixed(3)} ms, hand ${th.toFixed(3)} ms, ratio ${(tc / th).toFixed(2)}; eager ${te.toFixed(2)} ms (${(te / th).toFixed(0)}x)`);
    const g = gradientHand(x);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(g[i] - c.G[i]) / (1 + Math.abs(g[i])));
    console.log('  max rel err vs hand', err);
  }
}, 120000);
