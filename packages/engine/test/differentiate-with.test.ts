import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, mul, sin, sum } from '@pullback/rules-core/math';
import {
  differentiateWith,
  finiteDifferences,
  forward,
  gradient,
  jacobian,
  reverse,
  type Backend,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

/** Few inputs, many operations: the case for forward mode inside a reverse pass. */
function deep(x: RealArray): Real {
  let a = at(x, 0);
  let b = at(x, 1);
  for (let k = 0; k < 50; k++) {
    const t = add(mul(0.5, sin(a)), mul(0.1, b));
    b = mul(0.9, a);
    a = t;
  }
  return add(a, b);
}

/** A legacy function that only runs on numbers: finite differences are all that can work. */
function legacy(x: RealArray): number {
  const v = Float64Array.from(x as ArrayLike<number>);
  return Math.exp(v[0]) * Math.cos(v[1]);
}

describe('differentiateWith', () => {
  const outer: [string, Backend][] = [
    ['forward()', forward({ fallback: 'error' })],
    ['reverse()', reverse({ fallback: 'error' })],
  ];

  it.each(outer)('uses forward mode for its function inside %s', (_name, b) => {
    const viaForward = differentiateWith(deep, forward());
    const f = (x: RealArray) => mul(exp(at(x, 2)), viaForward(x));
    const x = new Float64Array([0.3, -0.2, 0.1]);
    const direct = gradient((y: RealArray) => mul(exp(at(y, 2)), deep(y)), reverse(), x);
    expectClose(gradient(f, b, x), Array.from(direct), 1e-12, 1e-14);
  });

  it.each(outer)(
    'differentiates a black box by finite differences inside %s, with no fallback',
    (_name, b) => {
      const box = differentiateWith(legacy, finiteDifferences());
      const f = (x: RealArray) => add(mul(2, box(x)), sum(x));
      const x = [0.4, 1.1];
      const expected = [
        2 * Math.exp(0.4) * Math.cos(1.1) + 1,
        -2 * Math.exp(0.4) * Math.sin(1.1) + 1,
      ];
      // Central differences on a smooth function: ~1e-10 relative.
      expectClose(gradient(f, b, x), expected, 1e-8);
    },
  );

  it('keeps its name and works on plain numbers without any differentiation', () => {
    const box = differentiateWith(legacy, finiteDifferences());
    expect(box.name).toBe('legacy');
    expect(box([0, 0])).toBe(1);
  });

  it('serves a vector-valued function inside a Jacobian', () => {
    const pair = differentiateWith(
      (x: RealArray) => [mul(at(x, 0), at(x, 1)), sin(at(x, 0))],
      forward(),
    );
    const J = jacobian((x: RealArray) => pair(x), reverse(), [0.5, 2]);
    expectClose(J.data, [2, 0.5, Math.cos(0.5), 0], 1e-15);
  });
});
