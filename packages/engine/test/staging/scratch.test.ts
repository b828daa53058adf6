import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, cos, map2, mul, slice, square, sub, sum, exp, sin, sqrt, div, tanh, log1p } from '@pullback/rules-core/math';
import { forward, gradient, hvp, jacobian, pushforward, reverse } from '@pullback/engine';
import { stage } from '../../src/staging/stage.js';
import { fuse } from '../../src/staging/fuse.js';
import { reroll } from '../../src/staging/reroll.js';
import { CompiledReverse } from '../../src/staging/compiled-reverse.js';
import { CompiledPushforward } from '../../src/staging/compiled-pushforward.js';
import { flatten, sizeOf } from '../../src/internal/structure.js';

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
const heavy = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) {
    let v = at(x, i);
    for (let k = 0; k < 5; k++) v = add(mul(0.5, sin(v)), mul(0.25, cos(mul(v, v))));
    s = add(s, exp(mul(-0.1, v)));
  }
  return s;
};
const vectorOut = (x: RealArray): RealArray => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return div(tanh(mul(a, b)), add(2, sqrt(add(1, square(b)))));
};
const recurrence = (x: RealArray): Real => {
  let v: Real = 1;
  for (let i = 0; i < x.length; i++) v = log1p(add(square(v), mul(at(x, i), v)));
  return v;
};

const programOf = (f: (x: never) => unknown, x: unknown) => {
  const s = stage(f as never, x, []);
  return { s, p: fuse(reroll(s.program)) };
};
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};

const scalarFns = [['loop', rosenbrockLoop], ['array', rosenbrockArray], ['map2', rosenbrockMap2], ['heavy', heavy], ['recurrence', recurrence]] as const;
const x = new Float64Array([0.3, -1.2, 0.8, 2, 1.1, 0.4]).map((v) => v * 0.5);
const v = new Float64Array([0.7, -0.2, 0.5, 1.3, -0.6, 0.9]);

describe('staging scratch', () => {
  for (const [name, f] of scalarFns) {
    it(`gradient ${name}`, () => {
      const { s, p } = programOf(f as never, x);
      const c = new CompiledReverse(p, true, sizeOf(s.input), 1);
      c.DY[0] = 1;
      c.call(flatten(x), new Float64Array(0));
      close(c.G, gradient(f, reverse(), x) as Float64Array);
    });
    it(`pushforward ${name}`, () => {
      const { s, p } = programOf(f as never, x);
      const c = new CompiledPushforward(p, sizeOf(s.input), 1, 2);
      c.TX.set(v, 0);
      c.TX.set(x, x.length);
      c.call(flatten(x), new Float64Array(0));
      close([c.TY[0]], [pushforward(f, forward(), x, v) as number]);
      close([c.TY[1]], [pushforward(f, forward(), x, x) as number]);
    });
    it(`hvp ${name}`, () => {
      const { s, p } = programOf(f as never, x);
      const c = new CompiledReverse(p, true, sizeOf(s.input), 1, 1);
      c.DY[0] = 1;
      c.TX.set(v);
      c.call(flatten(x), new Float64Array(0));
      close(c.GT, hvp(f, reverse(), x, v) as Float64Array, 1e-11);
      close(c.G, gradient(f, reverse(), x) as Float64Array);
    });
  }
  it('jacobian of a vector output, both ways', () => {
    const { s, p } = programOf(vectorOut as never, x);
    const J = jacobian(vectorOut, reverse(), x);
    const n = sizeOf(s.input);
    const m = sizeOf(s.output);
    const c = new CompiledReverse(p, true, n, m);
    for (let i = 0; i < m; i++) {
      c.DY.fill(0);
      c.DY[i] = 1;
      c.call(flatten(x), new Float64Array(0));
      close(c.G, Array.from(J.data).slice(i * n, (i + 1) * n));
    }
    const f = new CompiledPushforward(p, n, m, n);
    for (let j = 0; j < n; j++) f.TX[j * n + j] = 1;
    f.call(flatten(x), new Float64Array(0));
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) expect(f.TY[j * m + i]).toBeCloseTo(J.data[i * n + j], 13);
  });
  it('scalars and number[]', () => {
    const f = (x: Real[]) => mul(exp(at(x, 0)), sin(add(at(x, 1), at(x, 0))));
    const x = [0.3, 0.7];
    const { s, p } = programOf(f as never, x);
    const c = new CompiledReverse(p, true, sizeOf(s.input), 1);
    c.DY[0] = 1;
    c.call(flatten(x), new Float64Array(0));
    close(c.G, gradient(f, reverse(), x) as number[]);
  });
});
