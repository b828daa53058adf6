/**
 * A prepared call takes a number[] and a Float64Array of one length alike, as the eager
 * operators do, and still runs its compiled code: an in-place pullback's dy is shaped like `y`
 * (a Float64Array for an f returning number[]), and it ran eagerly on every call before.
 * Counting the calls of `f` tells a compiled call (f not called) from an eager one.
 */
import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, mul } from '@pullback/rules-core/math';
import { preparePullback, preparePullbackInPlace, pullback, reverse } from '@pullback/engine';

let calls = 0;
const f = (x: RealArray): RealArray => {
  calls++;
  return [mul(at(x, 0), at(x, 1)), mul(3, at(x, 1))];
};
const x = new Float64Array([2, 5]);

/** How many times `f` ran during `run`, after a first call (checked against eager) and one more. */
function callsOf(run: () => unknown): number {
  run();
  run();
  const before = calls;
  run();
  return calls - before;
}

describe('a compiled call takes either array kind', () => {
  it('a Float64Array cotangent for a number[] output', () => {
    const p = preparePullback(f, reverse(), x);
    const dy = new Float64Array([1, 2]);
    expect(callsOf(() => p.pullback(x, dy))).toBe(0);
    expect(p.pullback(x, dy)).toEqual(pullback(f, reverse(), x, [1, 2]));
  });
  it('an in-place pullback, whose dy is shaped like y', () => {
    const g = (y: Real[], v: RealArray): void => {
      calls++;
      y[0] = mul(at(v, 0), at(v, 1));
      y[1] = mul(3, at(v, 1));
    };
    const y = new Float64Array(2);
    const p = preparePullbackInPlace(g, reverse(), y, x);
    const dy = new Float64Array([1, 2]);
    expect(callsOf(() => p.pullback(y, x, dy))).toBe(0);
    expect(p.pullback(y, x, dy)).toEqual(pullback(f, reverse(), x, [1, 2]));
  });
});
