import { describe, expect, it } from 'vitest';
import { PullbackError } from '@pullback/rules-core';
import { RuleTestError, type RuleTestFailure } from '../../src/report/rule-test-error.js';

const context = {
  tester: 'testRrule',
  functionName: 'mul',
  args: [2, new Float64Array([1, 2, 3])],
  inputs: { dy: [0.5, -1, 2] },
  seed: 9,
  rtol: 1e-9,
  atol: 1e-9,
};

describe('RuleTestError', () => {
  it('renders a table: check, argument, component, expected, actual, fd error', () => {
    const failures: RuleTestFailure[] = [
      {
        check: 'rrule vs finite differences',
        argument: 'args[0]',
        component: '',
        expected: 2.5,
        actual: -2.5,
        fdError: 1.234e-13,
        note: 'a cotangent should be Jᵀdy',
      },
      {
        check: 'tangent structure',
        argument: 'args[1]',
        component: '[2]',
        expected: 'a number',
        actual: 'noTangent',
      },
    ];
    const error = new RuleTestError(context, failures);
    expect(error).toBeInstanceOf(PullbackError);
    expect(error.name).toBe('RuleTestError');
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(
      'testRrule(mul) found 2 problems in checks "rrule vs finite differences", "tangent structure"',
    );
    expect(error.message).toContain('at args = (2, Float64Array [1, 2, 3])');
    expect(error.message).toContain('with dy = [0.5, -1, 2]');
    expect(error.message).toContain('seed 9, rtol 1e-9, atol 1e-9');
    const header = lines.find((l) => l.trim().startsWith('check'))!;
    expect(
      header
        .split(/\s{2,}/)
        .map((s) => s.trim())
        .filter(Boolean),
    ).toEqual(['check', 'argument', 'component', 'expected', 'actual', 'fd error']);
    const row = lines.find((l) => l.includes('rrule vs finite differences  '))!;
    expect(
      row
        .split(/\s{2,}/)
        .map((s) => s.trim())
        .filter(Boolean),
    ).toEqual(['rrule vs finite differences', 'args[0]', '-', '2.5', '-2.5', '1.2e-13']);
    expect(error.message).toContain('rrule vs finite differences: a cotangent should be Jᵀdy');
    expect(error.checks).toEqual(['rrule vs finite differences', 'tangent structure']);
  });

  it('leaves out the fd error column when no finite difference was involved', () => {
    const error = new RuleTestError(context, [
      { check: 'primal', argument: 'y', component: 'y', expected: 1, actual: 2 },
    ]);
    expect(error.message).not.toContain('fd error');
    expect(error.message).toContain('found 1 problem in check "primal"');
  });

  it('summarises long lists per check, and serializes compactly for test runners', () => {
    const many: RuleTestFailure[] = Array.from({ length: 20 }, (_, i) => ({
      check: 'zero cotangent',
      argument: 'args[0]',
      component: `[${i}]`,
      expected: 0,
      actual: Number.NaN,
    }));
    const error = new RuleTestError(context, many);
    expect(error.message).toContain('… 12 more');
    expect(error.message.match(/zero cotangent {2}/g)!.length).toBe(9);
    expect(error.failures).toHaveLength(20);
    expect(error.toJSON()).toEqual({
      name: 'RuleTestError',
      message: error.message,
      checks: ['zero cotangent'],
    });
  });

  it('prints numbers with enough digits to see a 1e-9 relative difference', () => {
    const error = new RuleTestError(context, [
      {
        check: 'primal',
        argument: 'y',
        component: 'y',
        expected: 1.0000000001,
        actual: 1.0000000012,
      },
    ]);
    expect(error.message).toContain('1.0000000001');
    expect(error.message).toContain('1.0000000012');
  });
});
