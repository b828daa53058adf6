/**
 * Proving rules right with `@pullback/test-utils`: the custom rules of this package pass
 * `testRrule`/`testFrule`, and a deliberately wrong rule fails with a readable table.
 */
import {
  differentiable,
  isAbstractZero,
  unthunk,
  zeroTangent,
  type RealArray,
} from '@pullback/rules-core';
import { mul } from '@pullback/rules-core/math';
import { RuleTestError, testFrule, testRrule, testScalar } from '@pullback/test-utils';
import { logistic, normalize, softplus } from './custom-rules.js';

/** Runs the rule testers on the custom rules; throws if any check fails. */
export function checkCustomRules(): string[] {
  const x = new Float64Array([0.3, -1.2, 2.5]);
  testRrule(normalize, [x]);
  testScalar(logistic, 0.7);
  testScalar(softplus, -1.3);
  testFrule(softplus, [new Float64Array([-2, 0.5, 3])]);
  return [
    'normalize: testRrule',
    'logistic: testScalar',
    'softplus: testScalar, testFrule on an array',
  ];
}

/** A rule with the wrong factor (3x instead of 2x): the tester's report, as a user sees it. */
export function wrongRuleReport(): string {
  const squares = function squares(v: RealArray): RealArray {
    return mul(v, v);
  };
  const sq = differentiable(squares, {
    rrule: ([v]) => [
      squares(v),
      (dy) => {
        const d = unthunk(dy);
        return [isAbstractZero(d) ? zeroTangent : mul(3, mul(d as RealArray, v))];
      },
    ],
  });
  try {
    testRrule(sq, [new Float64Array([1, 2])]);
  } catch (error) {
    if (error instanceof RuleTestError) return error.message;
    throw error;
  }
  throw new Error('the wrong rule was not caught');
}
