import { describe, expect, it } from 'vitest';
import type { RealArray } from '@pullback/rules-core';
import { at, mul, sin, sum } from '@pullback/rules-core/math';
import {
  forward,
  prepareDerivative,
  prepareGradient,
  prepareHessian,
  prepareHvp,
  prepareJacobian,
  preparePullback,
  preparePushforward,
  prepareSecondDerivative,
  reverse,
  type Prepared,
} from '@pullback/engine';

import { rosenbrockArray, rosenbrockLoop } from '../fixtures/rosenbrock.js';

const x = new Float64Array([0.3, -1.2, 0.8, 2, 1.1]);
const vector = (v: RealArray) => mul(sin(v), at(v, 0));
const scalar = (t: number) => [sin(t), mul(t, t)];

describe('a compiled preparation has its code when prepare… returns', () => {
  const cases: [string, () => Prepared][] = [
    ['prepareGradient', () => prepareGradient(rosenbrockLoop, reverse(), x)],
    ['preparePullback', () => preparePullback(vector, reverse(), x)],
    ['preparePushforward', () => preparePushforward(vector, forward(), x)],
    ['prepareDerivative', () => prepareDerivative(scalar, forward(), 0.7)],
    ['prepareJacobian (forward)', () => prepareJacobian(vector, forward(), x)],
    ['prepareJacobian (reverse)', () => prepareJacobian(vector, reverse(), x)],
    ['prepareHvp', () => prepareHvp(rosenbrockArray, reverse(), x)],
    ['prepareHessian', () => prepareHessian(rosenbrockArray, reverse(), x)],
    ['prepareSecondDerivative', () => prepareSecondDerivative(scalar, reverse(), 0.7)],
  ];
  it.each(cases)('%s: source() and sourceBytes before the first call', (_name, prepare) => {
    const p = prepare();
    expect(p.compilation).toMatchObject({ compiled: true, engine: 'generated' });
    expect(p.compilation.sourceBytes).toBeGreaterThan(0);
    expect(p.source()?.length).toBeGreaterThanOrEqual(p.compilation.sourceBytes);
    expect(p.explain()).toMatch(/runs as \d+ bytes of generated code/);
  });

  it('generating at preparation runs nothing: a rule-free f is traced once and checked once', () => {
    let calls = 0;
    const f = (v: RealArray) => {
      calls++;
      return sum(mul(v, v));
    };
    const p = prepareGradient(f, reverse(), x);
    // Traced, then run on numbers near x against the compiled program (staging/check-nearby.ts).
    expect(calls).toBe(2);
    // The first call runs the generated code and checks it against the eager engine (one call).
    expect(Array.from(p.gradient(x) as Float64Array)).toEqual(Array.from(x, (v) => 2 * v));
    expect(calls).toBe(3);
    p.gradient(x);
    expect(calls).toBe(3);
  });

  it('a kernel generated at preparation is still checked against the eager engine at its first run', () => {
    // A factor that changes from the third call on: after the trace and the check near x.
    let calls = 0;
    const f = (v: RealArray) => sum(mul(calls++ < 2 ? 1 : 1.5, v));
    const p = prepareGradient(f, reverse(), x);
    expect(p.compilation.sourceBytes).toBeGreaterThan(0);
    const g = p.gradient(x) as Float64Array;
    expect(p.compilation.compiled).toBe(false);
    expect(p.compilation.reason).toMatch(/disagreed with the eager engine/);
    // The answer given is the eager one: every component is the factor of the third call.
    expect(Array.from(g)).toEqual(Array.from(x, () => 1.5));
  });
});
