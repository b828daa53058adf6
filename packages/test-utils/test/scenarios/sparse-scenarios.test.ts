import { describe, expect, it } from 'vitest';
import {
  forward,
  hessianSparsity,
  jacobianSparsity,
  reverse,
  secondOrder,
  sparse,
} from '@pullback/engine';
import { jacobianFd } from '../../src/fdm/jacobian-fd.js';
import { scenarios } from '../../src/scenarios/scenarios.js';
import { testDifferentiation } from '../../src/scenarios/test-differentiation.js';

// Issue 15: DifferentiationInterface's sparse scenarios (banded, arrowhead and block-diagonal
// Jacobians and Hessians) in testDifferentiation, run with sparse backends, whose CSR results
// are compared entry by entry with the hand-derived dense matrices.

describe('scenarios.sparse()', () => {
  it('every hand-derived Jacobian and Hessian agrees with finite differences', () => {
    for (const s of scenarios.sparse()) {
      const J = jacobianFd((x: unknown) => s.f(x), s.x);
      s.jacobian.forEach((want, k) =>
        expect(Math.abs(J.data[k] - want), `${s.name}, entry ${k}`).toBeLessThanOrEqual(
          1e-8 * Math.max(1, Math.abs(want)),
        ),
      );
      if (s.hessian !== undefined) {
        // Differences of differences: ~1e-6 relative here.
        const H = jacobianFd((x: unknown) => jacobianFd((v: unknown) => s.f(v), x).data, s.x);
        s.hessian.forEach((want, k) =>
          expect(Math.abs(H.data[k] - want), `${s.name}, entry ${k}`).toBeLessThanOrEqual(
            1e-4 * Math.max(1, Math.abs(want)),
          ),
        );
      }
    }
  });

  it('are sparse: the detected patterns have the hand-derived non-zeros and no more', () => {
    for (const s of scenarios.sparse()) {
      const p =
        s.hessian !== undefined
          ? hessianSparsity((x: never) => s.f(x), 'global', s.x as never)
          : jacobianSparsity((x: never) => s.f(x), 'global', s.x as never);
      const want = s.hessian ?? s.jacobian;
      const nonZeros = want.filter((v) => v !== 0).length;
      expect(p.colIdx.length, s.name).toBe(nonZeros);
      expect(nonZeros, s.name).toBeLessThan(want.length / 2);
    }
  });

  it('pass testDifferentiation with sparse and dense backends, unprepared and prepared', () => {
    const fr = secondOrder(forward(), reverse());
    const rows = testDifferentiation(
      scenarios.sparse(),
      [
        sparse(forward()),
        sparse(reverse()),
        sparse(fr),
        sparse(fr, { coloring: { algorithm: 'acyclic' } }),
        forward(),
        fr,
      ],
      { print: false },
    );
    expect(rows.filter((r) => r.operator === 'jacobian').length).toBe(6 * 6);
    expect(rows.filter((r) => r.operator === 'hessian').length).toBe(3 * 6);
    expect(rows.every((r) => r.passed)).toBe(true);
  });

  it('a CSR result with a wrong entry or a malformed layout is caught', () => {
    const s = scenarios.sparse()[0];
    const bad = testDifferentiation(
      [{ ...s, jacobian: s.jacobian.map((v, k) => (k === 1 ? v + 1 : v)) }],
      [sparse(forward())],
      { print: false, throwOnFailure: false, operators: ['jacobian'] },
    );
    expect(bad[0].passed).toBe(false);
    expect(bad[0].problems.join('\n')).toMatch(/component 1: expected/);
  });
});
