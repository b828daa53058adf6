import { describe, expect, it } from 'vitest';
import { estimateStep } from '../../src/fdm/estimate-step.js';
import { fdm } from '../../src/fdm/fdm.js';

describe('estimateStep', () => {
  it('reproduces FiniteDifferences.jl on its documented example', () => {
    // From FiniteDifferences.jl's documentation of central_fdm(5, 1):
    // estimate_step(fdm, sin, 1.0) == (0.001065235154086019, 1.9541865128909085e-13).
    const { step, accuracy } = estimateStep(fdm(), Math.sin, 1);
    expect(step).toBeCloseTo(0.001065235154086019, 15);
    expect(accuracy / 1.9541865128909085e-13).toBeCloseTo(1, 10);
  });

  it('balances round-off and truncation: larger steps for smoother functions', () => {
    const slow = estimateStep(fdm(), (t) => Math.sin(t / 100), 1).step;
    const fast = estimateStep(fdm(), (t) => Math.sin(100 * t), 1).step;
    expect(slow).toBeGreaterThan(10 * fast);
  });

  it('without adaptation uses the assumed derivative size (condition)', () => {
    const a = estimateStep(fdm({ adapt: 0 }), Math.sin, 1);
    const b = estimateStep(fdm({ adapt: 0, condition: 1000 }), Math.sin, 1);
    expect(b.step).toBeLessThan(a.step);
    // The function is not even evaluated.
    let calls = 0;
    estimateStep(fdm({ adapt: 0 }), (t) => (calls++, t), 1);
    expect(calls).toBe(0);
  });

  it('is limited by maxRange, with the bound recomputed at the limited step', () => {
    const free = estimateStep(fdm(), Math.exp, 0);
    const limited = estimateStep(fdm({ maxRange: 1e-5 }), Math.exp, 0);
    expect(limited.step).toBeLessThanOrEqual(1e-5 / 2);
    expect(limited.step).toBeLessThan(free.step);
    expect(limited.accuracy).toBeGreaterThan(free.accuracy);
  });
});
