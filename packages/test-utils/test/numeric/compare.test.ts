import { describe, expect, it } from 'vitest';
import { close } from '../../src/numeric/compare.js';

describe('tolerances', () => {
  it('relative to the larger magnitude, absolute near zero, plus slack', () => {
    expect(close(1 + 1e-10, 1, 1e-9, 0)).toBe(true);
    expect(close(1 + 1e-8, 1, 1e-9, 0)).toBe(false);
    expect(close(1e-10, 0, 0, 1e-9)).toBe(true);
    expect(close(1.1, 1, 0, 0, 0.2)).toBe(true);
    expect(close(Number.NaN, Number.NaN, 0, 0)).toBe(true);
    expect(close(Number.NaN, 1, 1, 1)).toBe(false);
    expect(close(Infinity, Infinity, 0, 0)).toBe(true);
  });
});
