import { expect } from 'vitest';

/**
 * Expects `actual` within `rtol` of `expected`, relative to |expected|; exactly 0 (either sign)
 * when `expected` is 0. The tolerances at each call say why they are what they are.
 */
export function expectClose(actual: unknown, expected: number, rtol: number): void {
  expect(typeof actual).toBe('number');
  const a = actual as number;
  if (!Number.isFinite(expected)) {
    expect(a).toBe(expected);
    return;
  }
  if (expected === 0) {
    expect(Math.abs(a), `${a} should be 0`).toBe(0); // either sign
    return;
  }
  const err = Math.abs(a - expected) / Math.abs(expected);
  expect(err, `${a} vs ${expected}: relative error ${err} > ${rtol}`).toBeLessThanOrEqual(rtol);
}
