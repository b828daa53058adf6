import { describe, expect, it } from 'vitest';
import type { Real } from '@pullback/rules-core';
import { add, exp, mul, sin, sum, square } from '@pullback/rules-core/math';
import {
  derivative,
  forward,
  gradient,
  hessian,
  reverse,
  secondOrder,
  jacobian,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

describe('nested differentiation', () => {
  it('forward over forward gives exact second derivatives', () => {
    const d2 = derivative(
      (x: Real) => derivative((y: Real) => sin(y), forward(), x),
      forward(),
      0.42,
    );
    expect(d2).toBe(-Math.sin(0.42));
  });

  it('is free of perturbation confusion (Siskind & Pearlmutter)', () => {
    // d/dx [x · d/dy (x + y)] at x = y = 1 is 1; confusing the two perturbations gives 2.
    const f = (x: Real) => mul(x, derivative((y: Real) => add(x, y), forward(), 1) as Real);
    expect(derivative(f, forward(), 1)).toBe(1);
    expect(derivative(f, reverse(), 1)).toBe(1);
    const g = (x: Real) => mul(x, derivative((y: Real) => add(x, y), reverse(), 1) as Real);
    expect(derivative(g, forward(), 1)).toBe(1);
    expect(derivative(g, reverse(), 1)).toBe(1);
  });

  it('nests every pair of modes for the derivative of x ↦ exp(x)·d/dx sin(x²)', () => {
    const modes = [forward(), reverse()];
    // h(x) = exp(x) · 2x cos(x²); h'(x) = exp(x)(2x cos x² + 2 cos x² − 4x² sin x²)
    const x = 0.7;
    const expected =
      Math.exp(x) * (2 * x * Math.cos(x * x) + 2 * Math.cos(x * x) - 4 * x * x * Math.sin(x * x));
    for (const outer of modes) {
      for (const inner of modes) {
        const h = (t: Real) =>
          mul(exp(t), derivative((u: Real) => sin(square(u)), inner, t) as Real);
        expect(derivative(h, outer, x)).toBeCloseTo(expected, 12);
      }
    }
  });

  it('agrees between reverse-over-forward and forward-over-reverse Hessians', () => {
    const f = (x: Float64Array) => mul(sum(square(x)), sin(sum(x)));
    const x = new Float64Array([0.1, -0.4, 0.8, 1.3]);
    const a = hessian(f, secondOrder(forward(), reverse()), x).data;
    const b = hessian(f, secondOrder(reverse(), forward()), x).data;
    expectClose(a, Array.from(b), 1e-12, 1e-12);
  });

  it('takes the Jacobian of a gradient (a Hessian by composition)', () => {
    const f = (x: Float64Array) => mul(sum(square(x)), sum(x));
    const x = new Float64Array([1, 2]);
    const J = jacobian((y: Float64Array) => gradient(f, reverse(), y), forward(), x);
    // f = (x₀² + x₁²)(x₀ + x₁): H = [[6x₀ + 2x₁, 2x₀ + 2x₁], [2x₀ + 2x₁, 2x₀ + 6x₁]]
    expectClose(J.data, [10, 6, 6, 14], 1e-12);
  });
});
