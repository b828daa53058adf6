import { describe, expect, it } from 'vitest';
import { scalarRule, primal, type Real } from '@pullback/rules-core';
import * as m from '@pullback/rules-core/math';
import { RuleTestError } from '../../src/report/rule-test-error.js';
import { testFrule } from '../../src/testers/test-frule.js';
import { testRrule } from '../../src/testers/test-rrule.js';

/*
 * `order: 2` differentiates through the rules themselves. Every rule of the vocabulary is
 * written with the vocabulary, so higher derivatives through it are right; a rule whose partial
 * reads a primal through Math.* is not, and only this check can tell.
 */

const A = { rows: 2, cols: 2, data: [4, 1, -1, 3] };
const cases: [string, unknown[]][] = [
  ['sin', [0.3]],
  ['tan', [0.3]],
  ['sqrt', [1.3]],
  ['log', [1.3]],
  ['asin', [0.3]],
  ['atan2', [0.3, 0.8]],
  ['pow', [1.3, 2.5]],
  ['hypot', [0.3, 0.8]],
  ['tanh', [0.4]],
  ['cbrt', [0.7]],
  ['abs', [-0.7]],
  ['div', [[1, 2], 3]],
  ['prod', [[1, 2, 3]]],
  ['mean', [[1, 2, 3]]],
  [
    'dot',
    [
      [1, 2],
      [3, 4],
    ],
  ],
  ['norm', [[1, 2]]],
  ['cumsum', [[1, 2, 3]]],
  ['logsumexp', [[0.1, 0.5, -1]]],
  ['softmax', [[0.1, 0.5, -1]]],
  ['map', [(x: Real) => m.mul(m.sin(x), x), [0.2, 0.4]]],
  ['map2', [(x: Real, y: Real) => m.mul(x, m.exp(y)), [0.2, 0.4], [1, 2]]],
  ['slice', [[1, 2, 3, 4], 1, 3]],
  ['concat', [[1, 2], 3]],
  ['at', [[1, 2, 3], 1]],
  ['clamp', [0.5, 0, 1]],
  [
    'ifElse',
    [
      [true, false],
      [1, 2],
      [3, 4],
    ],
  ],
  ['matvec', [A, [1, 2]]],
  ['matmul', [A, A]],
  ['transpose', [A]],
  ['solve', [A, [1, 2]]],
  ['det', [A]],
  ['logdet', [A]],
];

describe('the vocabulary rules are differentiable (order: 2)', () => {
  it.each(cases)('%s', (name, args) => {
    const f = (m as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    testFrule(f, args, { order: 2 });
    testRrule(f, args, { order: 2 });
  });

  it('a rule that reads primals through Math.* is caught', () => {
    const flatTanh = scalarRule(
      (x: number) => Math.tanh(x),
      (x) => [1 - Math.tanh(primal(x)) ** 2],
    );
    testFrule(flatTanh, [0.4]);
    let error: unknown;
    try {
      testRrule(flatTanh, [0.4], { order: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleTestError);
    expect((error as RuleTestError).checks).toEqual(['second order']);
  });
});
