import { describe, expect, it } from 'vitest';
import { auto, finiteDifferences, forward, reverse, secondOrder } from '@pullback/engine';
import { mul, sin } from '@pullback/rules-core/math';
import type { Real } from '@pullback/rules-core';
import { jacobianFd } from '../../src/fdm/jacobian-fd.js';
import { scenario } from '../../src/scenarios/scenario.js';
import { scenarios } from '../../src/scenarios/scenarios.js';
import {
  DifferentiationTestError,
  testDifferentiation,
} from '../../src/scenarios/test-differentiation.js';

const byName = (fragment: string) => {
  const s = scenarios.default().find((c) => c.name.includes(fragment));
  if (s === undefined) throw new Error(`no scenario ${fragment}`);
  return s;
};

describe('scenarios.default()', () => {
  it('has the reference functions with their known derivatives', () => {
    const sinS = byName('sin at 0.42');
    expect(sinS.x).toBe(0.42);
    expect(sinS.jacobian[0]).toBeCloseTo(Math.cos(0.42), 15);
    const pp = byName('(Σx⁴)(Σx⁶) at 1..6 (Float64Array)');
    expect(pp.jacobian[0]).toBe(282334);
    expect(pp.hessian![0]).toBe(874350);
    const vcat = byName('vcat');
    expect([vcat.n, vcat.m]).toEqual([6, 12]);
    expect(byName('diff').jacobian).toEqual([-3, 0, 0, 0, 0, 3]);
    expect(byName('identity').m).toBe(4);
    expect(byName('sum').jacobian).toEqual([1, 1, 1, 1, 1]);
    expect(typeof byName('nested object').x).toBe('object');
    expect(byName('matrix-valued').y).toEqual([
      [expect.any(Number), expect.any(Number)],
      [expect.any(Number), expect.any(Number)],
    ]);
  });

  it('every hand-derived Jacobian agrees with finite differences', () => {
    for (const s of scenarios.default()) {
      const J = jacobianFd((x: unknown) => s.f(x), s.x);
      expect([J.rows, J.cols]).toEqual([s.m, s.n]);
      s.jacobian.forEach((want, k) => {
        expect(Math.abs(J.data[k] - want), `${s.name}, entry ${k}`).toBeLessThanOrEqual(
          1e-8 * Math.max(1, Math.abs(want)),
        );
      });
    }
  });

  it('every hand-derived Hessian and second derivative agrees with finite differences', () => {
    for (const s of scenarios.default()) {
      if (s.hessian !== undefined) {
        // Finite differences of finite differences: accurate to ~1e-6 relative here.
        const H = jacobianFd((x: unknown) => gradientOf(s, x), s.x);
        s.hessian.forEach((want, k) => {
          expect(Math.abs(H.data[k] - want), `${s.name}, entry ${k}`).toBeLessThanOrEqual(
            1e-4 * Math.max(1, Math.abs(want)),
          );
        });
      }
      if (s.secondDerivative !== undefined) {
        const d2 = jacobianFd(
          (t: number) => jacobianFd((u: number) => s.f(u), t).data,
          s.x as number,
        );
        s.secondDerivative.forEach((want, k) => expect(d2.data[k]).toBeCloseTo(want, 5));
      }
    }
  });

  it('returns fresh scenarios each time', () => {
    expect(scenarios.default()[1].x).not.toBe(scenarios.default()[1].x);
  });
});

/** The gradient of a scenario's f by finite differences (for checking its Hessian). */
function gradientOf(s: { f(x: unknown): unknown; x: unknown }, x: unknown): Float64Array {
  return jacobianFd((v: unknown) => s.f(v), x).data;
}

describe('scenario()', () => {
  it('checks sizes', () => {
    expect(() => scenario({ name: 'bad', f: (x: Real) => sin(x), x: 1, jacobian: [1, 2] })).toThrow(
      RangeError,
    );
    expect(() =>
      scenario({ name: 'bad', f: (x: Real) => [x, x], x: 1, jacobian: [1, 1], hessian: [0] }),
    ).toThrow(/Hessian/);
  });
});

describe('testDifferentiation', () => {
  it('passes every operator, unprepared and prepared, on the engine backends, and returns the table rows', () => {
    const printed: string[] = [];
    const rows = testDifferentiation(
      scenarios.default(),
      [forward(), reverse(), auto(), secondOrder(forward(), reverse())],
      {
        print: (t) => printed.push(t),
      },
    );
    expect(rows.length).toBeGreaterThan(150);
    expect(rows.every((r) => r.unprepared === 'pass' && r.prepared === 'pass' && r.passed)).toBe(
      true,
    );
    const ops = new Set(rows.map((r) => r.operator));
    expect([...ops].sort()).toEqual(
      [
        'derivative',
        'gradient',
        'hessian',
        'hvp',
        'jacobian',
        'pullback',
        'pushforward',
        'secondDerivative',
      ].sort(),
    );
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('sin at 0.42');
    expect(printed[0]).toContain('✓✓✓✓');
  });

  it('passes with finite differences at their own tolerances', () => {
    const rows = testDifferentiation(scenarios.default(), [finiteDifferences()], { print: false });
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it('catches a wrong result, names it, and still returns every row when asked not to throw', () => {
    const wrong = scenario({
      name: 'x·sin x with a wrong derivative',
      f: (x: Real) => mul(x, sin(x)),
      x: 0.5,
      jacobian: [Math.sin(0.5) + 0.5 * Math.cos(0.5) + 1e-6],
      hessian: [2 * Math.cos(0.5) - 0.5 * Math.sin(0.5)],
      secondDerivative: [2 * Math.cos(0.5) - 0.5 * Math.sin(0.5)],
    });
    const rows = testDifferentiation([wrong], [reverse()], { print: false, throwOnFailure: false });
    // Every operator family fails: the second-order ones through their gradient or
    // derivative part (gradientAndHvp, valueGradientAndHessian, ...).
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.problems.length > 0 && !r.passed)).toBe(true);
    expect(rows.find((r) => r.operator === 'hessian')!.problems.join('\n')).toContain(
      'valueGradientAndHessian[1]',
    );
    expect(rows.find((r) => r.operator === 'hessian')!.problems.join('\n')).not.toMatch(
      /hessian: component/,
    );
    let error: unknown;
    try {
      testDifferentiation([wrong], [reverse()], { print: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DifferentiationTestError);
    expect((error as Error).message).toMatch(
      /gradient · reverse\(\): gradient: component 0: expected/,
    );
    expect((error as Error).message).toContain('✗');
  });
});
