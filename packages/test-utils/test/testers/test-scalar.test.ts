import { describe, expect, it } from 'vitest';
import { differentiable, isAbstractZero, scalarRule, unthunk } from '@pullback/rules-core';
import { add, cos, div, exp, log, mul, neg, sin, sqrt, tanh } from '@pullback/rules-core/math';
import { fdm } from '../../src/fdm/fdm.js';
import { RuleTestError } from '../../src/report/rule-test-error.js';
import { testScalar } from '../../src/testers/test-scalar.js';

/** A scalar cotangent, with zeroTangent read as 0 (pullbacks must accept it). */
const u = (dy: unknown): number => (isAbstractZero(unthunk(dy)) ? 0 : (unthunk(dy) as number));

describe('testScalar', () => {
  it('passes for the vocabulary and for scalarRule declarations', () => {
    testScalar(sin, 0.42);
    testScalar(tanh, -1.3);
    testScalar(sqrt, 2);
    const softplus = scalarRule(
      (x: number) => Math.log1p(Math.exp(x)),
      (x) => [div(1, add(1, exp(neg(x))))],
    );
    testScalar(softplus, 0.3);
    testScalar(softplus, 0.3, { order: 2 });
  });

  it('tests close to a domain edge with a smaller stencil range', () => {
    testScalar(log, 1e-3, { fdm: fdm({ maxRange: 1e-4 }) });
    // The default stencil retreats from the edge on its own when it meets NaN.
    testScalar(log, 1e-3);
  });

  it('checks the declared partials against finite differences', () => {
    const bad = scalarRule(
      (x: number) => Math.sin(x),
      (x) => [mul(2, cos(x))],
    );
    let error: unknown;
    try {
      testScalar(bad, 0.4);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleTestError);
    expect((error as RuleTestError).checks).toContain('partials');
  });

  it('works with only one of the rules', () => {
    const twice = differentiable((x: number) => 2 * x, {
      rrule: ([x]) => [2 * x, (dy) => [2 * u(dy)]],
    });
    testScalar(twice, 1.5);
    const none = differentiable((x: number) => 2 * x);
    expect(() => testScalar(none, 1)).toThrow(/rule present/);
  });

  it('rejects non-scalar inputs and outputs', () => {
    expect(() => testScalar(sin, [1] as never)).toThrow(TypeError);
    const vec = differentiable((x: number) => [x, x], { rrule: ([x]) => [[x, x], () => [0]] });
    expect(() => testScalar(vec, 1)).toThrow(/must be a number/);
  });
});
