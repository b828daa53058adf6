import { describe, expect, it } from 'vitest';
import '@pullback/test-utils/vitest';
import { pullbackMatchers } from '../../src/vitest/index.js';
import {
  differentiable,
  unthunk,
  isAbstractZero,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { at, dot, exp, log, map, mul, sin, sum } from '@pullback/rules-core/math';
import { forward, reverse } from '@pullback/engine';

const u = (dy: unknown): number => (isAbstractZero(unthunk(dy)) ? 0 : (unthunk(dy) as number));
const wrongExp = differentiable((x: number) => Math.exp(x), {
  frule: ([x], [dx]) => [Math.exp(x), Math.exp(x) * u(dx) * 1.01],
  rrule: ([x]) => [Math.exp(x), (dy) => [Math.exp(x) * u(dy) * 1.01]],
});

describe('rule matchers', () => {
  it('toSatisfyFrule and toSatisfyRrule pass for correct rules', () => {
    expect(mul).toSatisfyFrule([2, [1, 2, 3]]);
    expect(dot).toSatisfyRrule([new Float64Array([1, 2]), [3, 4]]);
    expect(map).toSatisfyRrule([(v: Real) => exp(v), [0.1, 0.2]], { seed: 4 });
    expect(log).toSatisfyRrule([0.5], { order: 2 });
  });

  it('fail with the RuleTestError report as the message', () => {
    expect(() => expect(wrongExp).toSatisfyFrule([0.3])).toThrow(/frule vs finite differences/);
    expect(() => expect(wrongExp).toSatisfyRrule([0.3])).toThrow(
      /check\s+argument\s+component\s+expected\s+actual/,
    );
  });

  it('support .not', () => {
    expect(wrongExp).not.toSatisfyRrule([0.3]);
    expect(() => expect(sin).not.toSatisfyRrule([0.3])).toThrow(/to fail testRrule/);
  });

  it('work as asymmetric matchers', () => {
    expect({ rule: sin }).toEqual({ rule: expect.toSatisfyRrule([0.4]) });
  });

  it('reject non-functions with a message', () => {
    expect(() => expect(3).toSatisfyFrule([1])).toThrow(/expected a function/);
  });
});

describe('toMatchFiniteDifferences', () => {
  const f = (x: RealArray): Real => mul(sum(sin(x)), at(x, 0));
  it('checks gradients of real-valued functions and Jacobians of the rest', () => {
    expect(f).toMatchFiniteDifferences([0.1, 0.7, -0.4]);
    expect(f).toMatchFiniteDifferences([0.1, 0.7, -0.4], reverse());
    expect((x: RealArray) => sin(x)).toMatchFiniteDifferences(new Float64Array([1, 2]), forward());
  });

  it('fails with a table of the components that differ', () => {
    const g = (x: RealArray): Real => wrongExp(at(x, 0) as never) as Real;
    expect(() => expect(g).toMatchFiniteDifferences([0.2], reverse())).toThrow(/gradient\[0\]/);
    expect(g).not.toMatchFiniteDifferences([0.2]);
  });
});

describe('pullbackMatchers', () => {
  it('is the object registered by the module, for expect.extend', () => {
    expect(Object.keys(pullbackMatchers).sort()).toEqual([
      'toMatchFiniteDifferences',
      'toSatisfyFrule',
      'toSatisfyRrule',
    ]);
    const result = pullbackMatchers.toSatisfyRrule(wrongExp, [0.5]);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('testRrule');
  });
});
