import { describe, expect, it, vi } from 'vitest';
import type { Real } from '@pullback/rules-core';
import { square, sum } from '@pullback/rules-core/math';
import { reverse } from '@pullback/engine';
import type * as Engine from '@pullback/engine';
import { scenario } from '../../src/scenarios/scenario.js';
import { testDifferentiation } from '../../src/scenarios/test-differentiation.js';

/*
 * The engine never mutates its caller's input, so to see testDifferentiation catch one that
 * does, and one that returns the wrong structure or throws, these operators are replaced by
 * misbehaving wrappers around the real ones.
 */
vi.mock('@pullback/engine', async (importOriginal) => {
  const actual = await importOriginal<typeof Engine>();
  return {
    ...actual,
    gradient: (f: never, b: never, x: unknown, ...rest: unknown[]) => {
      const g = actual.gradient(f, b, x as never, ...rest);
      if (Array.isArray(x)) x[0] = 99;
      return g;
    },
    pushforward: () => ({ wrong: 'structure' }),
    pullback: () => {
      throw new Error('pullback exploded');
    },
  };
});

describe('testDifferentiation against a misbehaving engine', () => {
  const s = scenario({
    name: 'Σx²',
    f: (x: Real[]) => sum(square(x)),
    x: [1, 2],
    jacobian: [2, 4],
    hessian: [2, 0, 0, 2],
  });
  const rows = testDifferentiation([s], [reverse()], { print: false, throwOnFailure: false });
  const problems = (op: string): string => rows.find((r) => r.operator === op)!.problems.join('\n');

  it('reports a mutated input', () => {
    expect(problems('gradient')).toMatch(/gradient\(f, backend, x\) mutated its input at x\[0\]/);
    expect(rows.find((r) => r.operator === 'gradient')!.unprepared).toBe('fail');
  });

  it('reports a result of the wrong structure', () => {
    expect(problems('pushforward')).toMatch(/pushforward: wrong structure/);
  });

  it('reports an operator that throws', () => {
    expect(problems('pullback')).toMatch(/threw Error: pullback exploded/);
  });

  it('leaves the other operators passing', () => {
    expect(rows.find((r) => r.operator === 'hessian')!.problems).toEqual([]);
    expect(rows.find((r) => r.operator === 'jacobian')!.problems).toEqual([]);
  });
});
