import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  mul,
  slice,
  square,
  sum,
  exp,
  sin,
  sqrt,
  div,
  tanh,
  log1p,
} from '@pullback/rules-core/math';
import { forward, gradient, hvp, jacobian, pushforward, reverse } from '@pullback/engine';
import { StagedPreparation } from '../../src/staging/staged-preparation.js';
import { flatten } from '../../src/tree/structure.js';
import { gt, ifElse, logsumexp, softmax, matvec, dot } from '@pullback/rules-core/math';
import { PassContext } from '../../src/interpreters/pass-context.js';
import { rosenbrockLoop, rosenbrockArray, rosenbrockMap2, heavy } from '../fixtures/rosenbrock.js';

const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);

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
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};

const scalarFns = [
  ['loop', rosenbrockLoop],
  ['array', rosenbrockArray],
  ['map2', rosenbrockMap2],
  ['heavy', heavy],
  ['recurrence', recurrence],
] as const;
const x = new Float64Array([0.3, -1.2, 0.8, 2, 1.1, 0.4]).map((v) => v * 0.5);
const v = new Float64Array([0.7, -0.2, 0.5, 1.3, -0.6, 0.9]);

describe('generated reverse, forward and forward-over-reverse code equal the eager engine', () => {
  for (const [name, f] of scalarFns) {
    it(`gradient ${name}`, () => {
      const sp = new StagedPreparation(f as never, x, [], config);
      const r = sp.vjp(x, flatten(x), [], undefined, true)!;
      close(r.g, gradient(f, reverse(), x) as Float64Array);
      expect(sp.compilation.compiled).toBe(true);
    });
    it(`pushforward ${name}`, () => {
      const sp = new StagedPreparation(f as never, x, [], config);
      const tx = new Float64Array(2 * x.length);
      tx.set(v, 0);
      tx.set(x, x.length);
      const r = sp.jvp(x, flatten(x), [], tx, 2)!;
      close([r.ty[0]], [pushforward(f, forward(), x, v) as number]);
      close([r.ty[1]], [pushforward(f, forward(), x, x) as number]);
    });
    it(`hvp ${name}`, () => {
      const sp = new StagedPreparation(f as never, x, [], config);
      const r = sp.hvp(x, flatten(x), [], v, 1)!;
      close(r.hv, hvp(f, reverse(), x, v) as Float64Array, 1e-11);
      close(r.g, gradient(f, reverse(), x) as Float64Array);
    });
  }
  it('jacobian of a vector output, both ways', () => {
    const sp = new StagedPreparation(vectorOut as never, x, [], config);
    const J = jacobian(vectorOut, reverse(), x);
    const n = x.length;
    const m = J.rows;
    for (let i = 0; i < m; i++) {
      const dy = new Float64Array(m);
      dy[i] = 1;
      const r = sp.vjp(x, flatten(x), [], dy, true)!;
      close(r.g, Array.from(J.data).slice(i * n, (i + 1) * n));
    }
    const tx = new Float64Array(n * n);
    for (let j = 0; j < n; j++) tx[j * n + j] = 1;
    const r = sp.jvp(x, flatten(x), [], tx, n)!;
    for (let j = 0; j < n; j++)
      for (let i = 0; i < m; i++) expect(r.ty[j * m + i]).toBeCloseTo(J.data[i * n + j], 13);
  });
  it('a scalar loop over a number[] input rolls (its elements were loaded when lifted)', () => {
    const xs = Array.from(x);
    const sp = new StagedPreparation(rosenbrockLoop as never, xs, [], config);
    close(
      sp.vjp(xs, flatten(xs), [], undefined, true)!.g,
      gradient(rosenbrockLoop, reverse(), xs) as number[],
    );
    expect(sp.source()).toContain('for (let');
  });
  it('scalars and number[]', () => {
    const f = (x: Real[]) => mul(exp(at(x, 0)), sin(add(at(x, 1), at(x, 0))));
    const x = [0.3, 0.7];
    const sp = new StagedPreparation(f as never, x, [], config);
    close(sp.vjp(x, flatten(x), [], undefined, true)!.g, gradient(f, reverse(), x) as number[]);
  });
  it('rule calls: vocabulary functions with rules and a captured matrix', () => {
    const W = {
      rows: 2,
      cols: 6,
      data: new Float64Array([0.1, -0.3, 0.2, 0.5, -0.1, 0.4, 0.3, 0.2, -0.2, 0.1, 0.6, -0.5]),
    };
    const f = (x: RealArray) =>
      add(logsumexp(mul(x, x)), dot(softmax(matvec(W, x)), new Float64Array([1, 2])));
    const sp = new StagedPreparation(f as never, x, [], config);
    close(sp.vjp(x, flatten(x), [], undefined, true)!.g, gradient(f, reverse(), x) as Float64Array);
    const r = sp.jvp(x, flatten(x), [], v, 1)!;
    close([r.ty[0]], [pushforward(f, forward(), x, v) as number]);
    expect(sp.compilation.compiled).toBe(true);
    expect(sp.source()).toContain('C0.forward');
  });
  it('elementwise ifElse (relu) compiles as a select', () => {
    const f = (x: RealArray) => sum(square(ifElse(gt(x, 0), x, mul(0.1, x))));
    const a = new Float64Array([1, -2, 3, -0.5]);
    const b = new Float64Array([-1, 2, -3, 0.5]);
    const sp = new StagedPreparation(f as never, a, [], config);
    close(sp.vjp(a, flatten(a), [], undefined, true)!.g, gradient(f, reverse(), a) as Float64Array);
    close(sp.vjp(b, flatten(b), [], undefined, true)!.g, gradient(f, reverse(), b) as Float64Array);
    expect(sp.compilation).toMatchObject({ compiled: true, retraces: 0 });
  });
  it('elementwise comparisons read in JavaScript stay eager', () => {
    const f = (x: RealArray) => (gt(x, 0)[0] ? sum(x) : sum(square(x)));
    const sp = new StagedPreparation(f as never, x, [], config);
    expect(sp.compilation.compiled).toBe(false);
    expect(sp.compilation.reason).toMatch(/elementwise comparison/);
  });
  it('a JavaScript branch on a comparison is guarded and retraced', () => {
    const f = (x: RealArray) => (gt(at(x, 0), 0) ? mul(at(x, 0), at(x, 1)) : sin(at(x, 1)));
    const a = new Float64Array([1, 2]);
    const b = new Float64Array([-1, 2]);
    const sp = new StagedPreparation(f as never, a, [], config);
    close(sp.vjp(a, flatten(a), [], undefined, true)!.g, gradient(f, reverse(), a) as Float64Array);
    close(sp.vjp(b, flatten(b), [], undefined, true)!.g, gradient(f, reverse(), b) as Float64Array);
    close(sp.vjp(a, flatten(a), [], undefined, true)!.g, gradient(f, reverse(), a) as Float64Array);
    expect(sp.compilation.retraces).toBe(1);
  });
  it('ifElse selects at run time', () => {
    const f = (x: RealArray) => {
      let s: Real = 0;
      for (let i = 0; i < x.length; i++) {
        const e = at(x, i);
        s = add(s, ifElse(gt(e, 0), mul(e, e), sin(e)));
      }
      return s;
    };
    const a = new Float64Array([1, -2, 3, -0.5]);
    const b = new Float64Array([-1, 2, -3, 0.5]);
    const sp = new StagedPreparation(f as never, a, [], config);
    close(sp.vjp(a, flatten(a), [], undefined, true)!.g, gradient(f, reverse(), a) as Float64Array);
    close(sp.vjp(b, flatten(b), [], undefined, true)!.g, gradient(f, reverse(), b) as Float64Array);
    expect(sp.compilation.retraces).toBe(0);
  });
});
