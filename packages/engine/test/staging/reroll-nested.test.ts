/**
 * A repeated whole-array reduction (the same dot product twice) makes a period whose statement
 * is itself a loop; a value such a loop produces has no single id to carry out of a re-rolled
 * loop, so the run stays unrolled. Before, the generated code read an undefined `v-1` (a
 * ReferenceError) and lost the reduction's tangent: found by the differential test with
 * fast-check seed -622590921.
 */
import { describe, expect, it } from 'vitest';
import type { Real } from '@pullback/rules-core';
import { add, concat, dot, mul, sin } from '@pullback/rules-core/math';
import { forward, jacobian, prepareGradient, prepareJacobian, reverse } from '@pullback/engine';

type Input = [{ m: { rows: number; cols: number; data: Float64Array } }, Real];

const twoDots = ([, s]: Input) => {
  const v = concat(s, s);
  dot(v, v);
  const d = dot(v, v);
  return [d, sin(s), sin(s), sin(s)];
};
const x: Input = [{ m: { rows: 2, cols: 2, data: Float64Array.from([1, 1, 1, 1]) } }, 0.3];

describe('a run of repeated nested loops', () => {
  it('compiles to code that equals the eager Jacobian (forward and reverse)', () => {
    const eager = Array.from(jacobian(twoDots, reverse({ compile: false }), x).data);
    // d(2s²)/ds = 4s and d sin(s)/ds = cos(s), in the scalar's column (the matrix has none).
    expect(eager[4]).toBeCloseTo(4 * 0.3, 15);
    for (const backend of [forward(), reverse()]) {
      const p = prepareJacobian(twoDots, backend, x);
      expect(p.compilation.compiled).toBe(true);
      expect(Array.from(p.jacobian(x).data)).toEqual(eager);
    }
  });

  it('keeps the gradient of a sum of repeated reductions', () => {
    const f = (s: Real): Real => {
      const v = concat(s, mul(2, s));
      return add(add(dot(v, v), dot(v, v)), dot(v, v));
    };
    const p = prepareGradient(f, reverse(), 0.7);
    // 3 · (s² + 4s²) = 15 s², gradient 30 s
    expect(p.gradient(0.7)).toBeCloseTo(30 * 0.7, 13);
    expect(p.compilation.compiled).toBe(true);
  });
});
