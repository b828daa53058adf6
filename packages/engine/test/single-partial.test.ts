import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { forward, gradient, hessian, prepareGradient, reverse } from '@pullback/engine';
import { scalarRule, type RealArray } from '@pullback/rules-core';
import { cos, map, sum } from '@pullback/rules-core/math';

// A one-argument scalarRule whose partials return one value alone (issue 16, item 7) runs in
// every engine path that reads partials: eager forward and reverse, map kernels, compiled
// preparation, and second order (the partial differentiated again).
const sine = scalarRule(
  (x: number) => Math.sin(x),
  (x) => cos(x),
);
const f = (x: RealArray) => sum(map((v) => sine(v), x));
const g = (x: RealArray) => sum(sine(x));

// Every path computes cos(x) in double precision from the same partial: agreement to a few ulps.
const close = (actual: ArrayLike<number>, expected: ArrayLike<number>) => {
  expect(actual).toHaveLength(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 12);
};
const point = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 5 });

describe('a scalarRule with one partial alone', () => {
  test.prop([point])('gradients are cos(x) in every mode and path', (xs) => {
    const x = Float64Array.from(xs);
    const expected = x.map(Math.cos);
    for (const h of [f, g]) {
      close(gradient(h, reverse(), x), expected);
      close(gradient(h, forward(), x), expected);
      close(prepareGradient(h, reverse(), x).gradient(x), expected);
    }
  });
  test.prop([point])('its partial differentiates again: the Hessian is diag(-sin(x))', (xs) => {
    const x = Float64Array.from(xs);
    const n = x.length;
    const { data } = hessian(g, reverse(), x);
    const expected = new Float64Array(n * n);
    for (let i = 0; i < n; i++) expected[i * n + i] = -Math.sin(x[i]);
    close(data, expected);
  });
});
