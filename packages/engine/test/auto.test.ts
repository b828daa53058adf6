import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { mul, sin, sum, square } from '@pullback/rules-core/math';
import {
  auto,
  prepareDerivative,
  prepareGradient,
  prepareHessian,
  prepareJacobian,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

describe('auto()', () => {
  it('picks forward mode for R → Rᵐ and says so', () => {
    const f = (t: Real) => [sin(t), mul(t, t), mul(3, t)];
    const prep = prepareJacobian(f as never, auto(), 0.5);
    expect(prep.explain()).toMatch(/forward mode/);
    expectClose(prep.jacobian(0.5).data, [Math.cos(0.5), 1, 3], 1e-15);
    expect(prepareDerivative(f as never, auto(), 0.5).explain()).toMatch(/forward mode/);
  });

  it('picks reverse mode for Rⁿ → R (n ≥ 10) and says so', () => {
    const f = (x: RealArray) => sum(square(x));
    const x = new Float64Array(12).fill(1);
    expect(prepareGradient(f, auto(), x).explain()).toMatch(/reverse mode/);
    const jac = prepareJacobian(f, auto(), x);
    expect(jac.explain()).toMatch(/reverse mode.*1 output/);
    expectClose(jac.jacobian(x).data, new Array<number>(12).fill(2), 1e-15);
  });

  it('chooses forward-over-reverse for Hessians', () => {
    const prep = prepareHessian((x: RealArray) => sum(square(x)), auto(), [1, 2]);
    expect(prep.explain()).toMatch(/forward-over-reverse/);
  });
});
