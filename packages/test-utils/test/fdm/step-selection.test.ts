import { describe, expect, it } from 'vitest';
import { ulp } from '../../src/fdm/step-selection.js';

describe('ulp', () => {
  it('is the spacing of doubles at x', () => {
    expect(ulp(1)).toBe(Number.EPSILON);
    expect(ulp(2)).toBe(2 * Number.EPSILON);
    expect(ulp(1.9999999999999998)).toBe(Number.EPSILON);
    expect(ulp(0)).toBe(Number.MIN_VALUE);
  });
});
