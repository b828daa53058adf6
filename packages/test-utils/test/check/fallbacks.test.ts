import { describe, expect, it } from 'vitest';
import '@pullback/test-utils/vitest';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, sum } from '@pullback/rules-core/math';
import { auto, forward, reverse, type FallbackEvent } from '@pullback/engine';
import { checkGradient } from '../../src/check/check-gradient.js';
import { checkJacobian } from '../../src/check/check-jacobian.js';
import { DerivativeCheckError } from '../../src/check/derivative-check-error.js';

// A function the engine can only run as a black box: its derivative comes from finite
// differences, so comparing it with finite differences proves nothing about the AD path.
const legacyScale = differentiable(function legacyScale(v: Real): number {
  return 3 * Number(v);
});
const loss = (x: RealArray): Real => add(sum(sin(x)), legacyScale(at(x, 0)) as never);
const vector = (x: RealArray) => [mul(at(x, 0), at(x, 1)), legacyScale(at(x, 1)) as never];

function caught(run: () => unknown): DerivativeCheckError {
  try {
    run();
  } catch (error) {
    if (error instanceof DerivativeCheckError) return error;
    throw error;
  }
  throw new Error('expected a DerivativeCheckError');
}

describe('checks fail by default when the engine fell back', () => {
  it('checkGradient names the function, where and why, and how to allow it', () => {
    for (const b of [reverse(), forward(), auto()]) {
      const error = caught(() => checkGradient(loss, b, [0.2, 0.4]));
      expect(error.fallbacks.map((e) => e.functionName)).toEqual(['legacyScale']);
      expect(error.message).toMatch(/not automatic differentiation/);
      expect(error.message).toMatch(/legacyScale \(at .*fallbacks\.test\.ts:\d+:\d+\)/);
      expect(error.message).toMatch(/converted to a number/);
      expect(error.message).toMatch(/allowFallback: true/);
      expect(error.mismatches).toEqual([]);
    }
  });

  it('checkJacobian too', () => {
    const error = caught(() => checkJacobian(vector, forward(), [0.2, 0.4]));
    expect(error.fallbacks.map((e) => e.functionName)).toEqual(['legacyScale']);
  });

  it('toMatchFiniteDifferences too, and .not holds', () => {
    expect(() => expect(loss).toMatchFiniteDifferences([0.2, 0.4])).toThrow(/legacyScale/);
    expect(loss).not.toMatchFiniteDifferences([0.2, 0.4], reverse());
  });
});

describe('allowFallback: true permits it', () => {
  it('checkGradient and checkJacobian then compare the numbers', () => {
    const g = checkGradient(loss, reverse(), [0.2, 0.4], { allowFallback: true });
    // Central differences of a linear black box: exact up to ε/h ≈ 4e-11.
    expect(g[0]).toBeCloseTo(Math.cos(0.2) + 3, 9);
    const J = checkJacobian(vector, reverse(), [0.2, 0.4], { allowFallback: true });
    expect([J.rows, J.cols]).toEqual([2, 2]);
  });

  it('toMatchFiniteDifferences too', () => {
    expect(loss).toMatchFiniteDifferences([0.2, 0.4], forward(), { allowFallback: true });
  });

  it('a listener of the caller’s own still receives every event', () => {
    const events: FallbackEvent[] = [];
    const onFallback = (e: FallbackEvent) => events.push(e);
    checkGradient(loss, reverse({ onFallback }), [0.2, 0.4], { allowFallback: true });
    expect(() => checkGradient(loss, reverse({ onFallback }), [0.2, 0.4])).toThrow(
      DerivativeCheckError,
    );
    expect(events.map((e) => e.functionName)).toEqual(['legacyScale', 'legacyScale']);
  });
});
