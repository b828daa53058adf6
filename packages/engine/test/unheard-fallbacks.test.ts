import { describe, expect, it } from 'vitest';
import { differentiable, type RealArray } from '@pullback/rules-core';
import { jacobian, reverse } from '@pullback/engine';
import { takeFallbackWarnings } from '../../../vitest.fallback-guard.js';

// vitest.setup.ts holds back the warning of a fallback no test listened for, and fails that
// test, so `npm test` prints no warnings that read like failures.
describe('the test suite’s guard against unheard fallbacks', () => {
  it('holds back the warning of a fallback without a listener, for the test to fail on', () => {
    const unheard = differentiable(function unheardCopy(x: RealArray) {
      return Float64Array.from(x as ArrayLike<number>);
    });
    jacobian((x: RealArray) => unheard(x), reverse(), [1, 2]);
    // Taken here, so this test does not fail on it.
    const warnings = takeFallbackWarnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/unheardCopy could not be differentiated in reverse mode/);
  });
});
