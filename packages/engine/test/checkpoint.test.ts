import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { checkpoint, differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { isCheckpoint } from '@pullback/rules-core/interpreter';
import { at, mul, square, sum } from '@pullback/rules-core/math';
import {
  forward,
  gradient,
  prepareGradient,
  prepareHvp,
  preparePushforward,
  hvp,
  jacobian,
  pushforward,
  reverse,
  secondOrder,
} from '@pullback/engine';
import { tapeStatistics } from '@pullback/engine/diagnostics';
import { expectClose, flat } from './helpers.js';

import { integrator } from './fixtures/euler.js';

describe('checkpoint(fn)', () => {
  it('is a differentiable function that runs fn when nothing is differentiated', () => {
    const f = checkpoint((x: number) => x * 2, { name: 'double' });
    expect(f(3)).toBe(6);
    expect(f.name).toBe('double');
    expect(isCheckpoint(f)).toBe(true);
    expect(isCheckpoint(differentiable((x: number) => x))).toBe(false);
  });

  test.prop([
    fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
  ])(
    'gives the same gradient, pushforward and Hessian-vector product as the unmarked function',
    (x0) => {
      const x = Float64Array.from(x0);
      const plain = integrator(16, 'plain');
      const flatCk = integrator(16, 'flat');
      const nested = integrator(16, 'nested');
      const g = gradient(plain, reverse(), x);
      // The same arithmetic in another order of accumulation: round-off only.
      expectClose(gradient(flatCk, reverse(), x), flat(g), 1e-13);
      expectClose(gradient(nested, reverse(), x), flat(g), 1e-13);
      const t = Float64Array.of(1, -2, 0.5, 3);
      expectClose(
        pushforward(nested, forward(), x, t),
        [flat(g).reduce((s, gi, i) => s + gi * t[i], 0)],
        1e-12,
      );
      const hv = hvp(plain, reverse(), x, t);
      expectClose(hvp(nested, reverse(), x, t), flat(hv), 1e-12);
      expectClose(hvp(nested, secondOrder(forward(), forward()), x, t), flat(hv), 1e-12);
    },
  );

  it('keeps only its arguments on the tape, and is transparent in forward mode', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => 0.1 * i);
    const plain = tapeStatistics(integrator(100, 'plain'), x);
    const nested = tapeStatistics(integrator(100, 'nested'), x);
    expect(nested.operations).toBeLessThan(plain.operations / 10);
    let calls = 0;
    const counted = integrator(25, 'nested', () => calls++);
    pushforward(counted, forward(), x, x);
    // Forward mode goes through each step once: no recomputation.
    expect(calls).toBe(25);
    calls = 0;
    gradient(counted, reverse(), x);
    // Reverse: once going forward, once per segment's recording, once per step's recording.
    expect(calls).toBe(75);
  });

  it('works with several arguments and closes over constants', () => {
    const scaled = checkpoint((x: RealArray, s: Real): Real => mul(s, sum(square(x))));
    const f = (x: RealArray): Real => scaled(x, at(x, 0));
    const x = Float64Array.of(1, 2, 3);
    // f = x0 Σ x², ∂f/∂x0 = Σ x² + 2 x0², ∂f/∂xi = 2 x0 xi.
    expectClose(gradient(f, reverse(), x), [14 + 2, 4, 6], 1e-14);
    expectClose(jacobian(f, forward(), x).data, [16, 4, 6], 1e-14);
  });
});

describe('checkpoint(fn) in prepared (compiled) operators', () => {
  it('gives the eager gradient and Hessian-vector product', () => {
    const x = Float64Array.of(0.3, -1.1, 0.8, 2);
    const t = Float64Array.of(1, 0.5, -1, 2);
    const nested = integrator(16, 'nested');
    const plain = integrator(16, 'plain');
    const g = flat(gradient(plain, reverse(), x));
    const p = prepareGradient(nested, reverse(), x);
    expectClose(p.gradient(x), g, 1e-13);
    expectClose(p.gradient(x), g, 1e-13);
    const h = prepareHvp(nested, reverse(), x);
    expectClose(h.hvp(x, t), flat(hvp(plain, reverse(), x, t)), 1e-12);
    const pf = preparePushforward(nested, forward(), x);
    expectClose(pf.pushforward(x, t), [g.reduce((s, gi, i) => s + gi * t[i], 0)], 1e-12);
  });
});
