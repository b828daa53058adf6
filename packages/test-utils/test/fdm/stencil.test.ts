import { describe, expect, it } from 'vitest';
import { factorial, solveExact } from '../../src/fdm/rational.js';
import { stencilOf } from '../../src/fdm/stencil.js';

describe('exact rational solves', () => {
  it('solves integer systems exactly', () => {
    expect(
      solveExact(
        [
          [2n, 1n],
          [1n, 3n],
        ],
        [3n, 5n],
      ),
    ).toEqual([0.8, 1.4]);
    expect(() =>
      solveExact(
        [
          [1n, 2n],
          [2n, 4n],
        ],
        [1n, 1n],
      ),
    ).toThrow(RangeError);
    expect(factorial(5)).toBe(120n);
  });
  it('gives the 9-point central weights to full precision', () => {
    const c = stencilOf('central', 9, 1).coefficients;
    expect(c[8]).toBe(-1 / 280);
    expect(c[5]).toBe(4 / 5);
  });
});
