import { describe, expect, it } from 'vitest';
import { auto, finiteDifferences, forward, reverse, secondOrder, sparse } from '@pullback/engine';
import { jacobianFd } from '../../src/fdm/jacobian-fd.js';
import { scenarios } from '../../src/scenarios/scenarios.js';
import { EXTENDED } from '../../src/scenarios/extended-operators.js';
import { testDifferentiation } from '../../src/scenarios/test-differentiation.js';

describe('testDifferentiation: in-place, batched, linearize and vjp forms', () => {
  it('pass on every reference scenario with the AD backends (in-place agreeing with out-of-place to 1e-14)', () => {
    const printed: string[] = [];
    const rows = testDifferentiation(
      scenarios.default(),
      [forward(), reverse(), auto(), sparse(forward())],
      { operators: EXTENDED, print: (t) => printed.push(t) },
    );
    expect(rows.every((r) => r.passed)).toBe(true);
    expect(new Set(rows.map((r) => r.operator))).toEqual(new Set(EXTENDED));
    // In-place forms only where f's output is one number or a flat array.
    expect(
      rows.some((r) => r.operator === 'jacobianInPlace' && r.scenario.startsWith('matrix')),
    ).toBe(false);
    expect(printed[0]).toContain('pushforwardInPlace');
  });

  it('pass with finite differences and second-order backends at their own tolerances', () => {
    const rows = testDifferentiation(
      scenarios.default(),
      [finiteDifferences(), secondOrder(forward(), reverse())],
      { operators: EXTENDED, print: false },
    );
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it('cover the cache(…) and checkpoint scenarios with the default operators too', () => {
    const list = scenarios.default().filter((c) => /cache|checkpoint/.test(c.name));
    expect(list).toHaveLength(2);
    const rows = testDifferentiation(list, [forward(), reverse(), finiteDifferences()], {
      print: false,
    });
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
    // The hand-derived Jacobians agree with differences of f (called alone, f gets plain
    // storage for the cache): the default method errs by ~1e-10 relative here, so 1e-7 of the
    // largest entry is slack.
    for (const s of list) {
      const fd = jacobianFd((x: unknown) => s.f(x as never), s.x);
      const scale = Math.max(...s.jacobian.map(Math.abs));
      fd.data.forEach((v, k) => expect(Math.abs(v - s.jacobian[k])).toBeLessThan(1e-7 * scale));
    }
  });
});
