/**
 * A prepared `pushforward` or `derivative` runs a forward kernel that computes only the values
 * its tangents need (src/staging/tangent-values.ts). Each function here makes the tangents need
 * values along another path (a partial of a loop's sum, the condition of a select, a guard's
 * operands, an array stored and loaded again, a rule, a value only read after a loop), so leaving
 * one out would show as a wrong tangent; each is compared with the eager engine and with the
 * kernel that computes the value too (`valueAndPushforward`), at random points.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  cumsum,
  exp,
  gt,
  ifElse,
  logsumexp,
  mul,
  sin,
  square,
  sum,
  tanh,
} from '@pullback/rules-core/math';
import {
  derivative,
  forward,
  prepareDerivative,
  preparePushforward,
  pushforward,
} from '@pullback/engine';
import { rosenbrockLoop } from '../fixtures/rosenbrock.js';

const n = 6;
const eager = forward({ compile: false });

/** Functions whose tangents read values of other kinds (named by what they read). */
const functions: readonly (readonly [string, (x: RealArray) => unknown])[] = [
  // sin's partial reads the loop's sum after the loop: the sum must be carried.
  [
    'a partial of a loop sum',
    (x) => {
      let s: Real = 0;
      for (let i = 0; i < x.length; i++) s = add(s, square(at(x, i)));
      return mul(sin(s), s);
    },
  ],
  ['the condition of a select', (x) => sum(ifElse(gt(x, 0.1), square(x), mul(-3, sin(x))))],
  ['the operands of a guard', (x) => (gt(at(x, 0), at(x, 1)) ? sum(exp(x)) : sum(tanh(x)))],
  ['an array stored and loaded again', (x) => sum(mul(cumsum(x), sin(cumsum(square(x)))))],
  ['a function with rules', (x) => mul(logsumexp(x), at(x, 0))],
  ['an array output', (x) => mul(exp(x), sum(square(x)))],
];

// Forward mode on both sides computes the same products; only sums may add in another order, so
// 1e-12 of the largest magnitude (values here are at most a few hundred) is rounding.
const closeTo = (a: unknown, b: unknown): void => {
  const as = typeof a === 'number' ? [a] : Array.from(a as Float64Array);
  const bs = typeof b === 'number' ? [b] : Array.from(b as Float64Array);
  expect(as.length).toBe(bs.length);
  const scale = Math.max(1, ...bs.map(Math.abs));
  as.forEach((v, i) => expect(Math.abs(v - bs[i])).toBeLessThanOrEqual(1e-12 * scale));
};

const entry = fc.double({ min: -1.5, max: 1.5, noNaN: true });
const vector = fc.array(entry, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));

describe('a pushforward computes only the values its tangents need', () => {
  it('the scalar loop carries its tangent alone: the sum of values is left out', () => {
    const x = Float64Array.from({ length: 20 }, (_, i) => 0.5 + 0.1 * Math.sin(i));
    const v = x.map((_, i) => Math.cos(i));
    const p = preparePushforward(rosenbrockLoop, forward(), x);
    closeTo(p.pushforward(x, v), pushforward(rosenbrockLoop, eager, x, v));
    const source = p.source() ?? '';
    expect(source).toMatch(/tangents only/);
    // No output value written, and only the tangent's sum carried around the loop.
    expect(source).not.toMatch(/\bY\[/);
    expect(source.match(/^\s*let v\d+ = /gm)).toBeNull();
    // valueAndPushforward still has the value, from a kernel of its own.
    const [y] = p.valueAndPushforward(x, v);
    closeTo(y, rosenbrockLoop(x));
    expect(p.source()).toMatch(/\bY\[/);
  });

  for (const [name, f] of functions) {
    test.prop([vector, vector])(`${name}: equal to the eager pushforward`, (x, v) => {
      const p = preparePushforward(f, forward(), x);
      const t = p.pushforward(x, v);
      expect(p.compilation.compiled).toBe(true);
      closeTo(t, pushforward(f, eager, x, v));
      closeTo(t, p.valueAndPushforward(x, v)[1]);
    });
  }

  test.prop([fc.double({ min: -2, max: 2, noNaN: true })])('a prepared derivative too', (t) => {
    const g = (s: Real): Real => {
      let u: Real = s;
      for (let k = 0; k < 5; k++) u = add(mul(0.5, sin(u)), mul(s, u));
      return mul(u, exp(u));
    };
    const p = prepareDerivative(g, forward(), 0.3);
    closeTo(p.derivative(t), derivative(g, eager, t));
    expect(p.compilation.compiled).toBe(true);
  });
});
