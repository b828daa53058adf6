/**
 * A re-rolled loop renames the operands of its first repetition by position, not by id. In
 * `u = s; for (k) u = f(u, s)` the first repetition reads `s` twice, once as the carried `u`'s
 * start and once as `s` itself; renaming by id turned both into the carried value, so the loop
 * computed `f(u, u)`. The first call's check against the eager engine caught it only where the
 * two differ visibly: a preparation first called near s = 0 compiled, then returned 0.444 where
 * the derivative is 1.089 (found by the property in tangent-values.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, mul, sin, sub } from '@pullback/rules-core/math';
import {
  derivative,
  forward,
  gradient,
  prepareDerivative,
  prepareGradient,
  reverse,
} from '@pullback/engine';

/** `u = s`, then five times `u = sin(u)/2 + s·u`, then `u·eˢ`: `s` is read as itself and as `u`'s start. */
const iterate = (s: Real): Real => {
  let u: Real = s;
  for (let k = 0; k < 5; k++) u = add(mul(0.5, sin(u)), mul(s, u));
  return mul(u, exp(u));
};

/** Two carried values starting from the same input, each read beside it in one operation. */
const twoFromOne = (x: RealArray): Real => {
  const a0 = at(x, 0);
  let u: Real = a0;
  let w: Real = a0;
  for (let k = 0; k < 6; k++) {
    const nu = add(mul(a0, u), sin(mul(w, a0)));
    w = sub(mul(0.5, w), mul(at(x, 1), u));
    u = nu;
  }
  return add(u, mul(w, w));
};

// Both sides compute the same products in the same order but for sums the compiled loops may
// reassociate: 1e-12 of the largest magnitude is rounding (values here stay below ~50).
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * scale);
};

/** `Σ x[i]·sin(x[2i])`: on a `number[]`, both reads of its first repetition are the element x[0]. */
const twoStrides = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; 2 * i < x.length; i++) s = add(s, mul(at(x, i), sin(at(x, 2 * i))));
  return s;
};

describe('a re-rolled loop reads each operand as its repetition did', () => {
  it('one input read as itself and as a carried value’s start', () => {
    const p = prepareDerivative(iterate, forward(), 0.3);
    closeTo(
      [p.derivative(0.3) as number],
      [derivative(iterate, forward({ compile: false }), 0.3) as number],
    );
    closeTo([p.valueAndDerivative(0.7)[0] as number], [iterate(0.7) as number]);
    expect(p.compilation.compiled).toBe(true);
  });

  test.prop([
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
  ])(
    'the same after a first call anywhere (the first-call check cannot catch it then)',
    (first, then) => {
      const p = prepareDerivative(iterate, forward(), first);
      p.derivative(first);
      closeTo(
        [p.derivative(then) as number],
        [derivative(iterate, forward({ compile: false }), then) as number],
      );
      expect(p.compilation.compiled).toBe(true);
    },
  );

  it('one element of a number[] read at two strides (first called at zeros)', () => {
    // Prepared and first called at zeros, where both gradients are 0: the first call's check
    // cannot tell the two reads apart there.
    const zeros = Array.from({ length: 12 }, () => 0);
    const p = prepareGradient(twoStrides, reverse(), zeros);
    p.gradient(zeros);
    const x = Array.from({ length: 12 }, (_, i) => 0.3 + 0.1 * i);
    closeTo(
      p.gradient(x) as number[],
      gradient(twoStrides, reverse({ compile: false }), x) as number[],
    );
    expect(p.compilation.compiled).toBe(true);
  });

  it('two carried values from one input, in reverse mode', () => {
    const x = Float64Array.of(0.4, -0.7);
    const p = prepareGradient(twoFromOne, reverse(), x);
    for (const at of [x, Float64Array.of(-0.9, 0.2), Float64Array.of(1.3, 0.5)])
      closeTo(
        p.gradient(at),
        gradient(twoFromOne, reverse({ compile: false }), at) as Float64Array,
      );
    expect(p.compilation.compiled).toBe(true);
  });
});
