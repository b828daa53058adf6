import { describe, expect, it } from 'vitest';
import { noTangent } from '@pullback/rules-core';
import { deepCopy, firstDifference } from '../../src/tree/clone.js';

describe('copies and differences', () => {
  it('copies arrays, typed arrays and plain objects, sharing functions', () => {
    const v = { a: [1, { b: new Float64Array([2]) }], f: Math.cos, n: noTangent };
    const c = deepCopy(v);
    expect(c).toEqual(v);
    expect(c.a).not.toBe(v.a);
    expect(c.f).toBe(Math.cos);
    expect(c.n).toBe(noTangent);
    (c.a[1] as { b: Float64Array }).b[0] = 5;
    expect(firstDifference(c, v)).toBe('.a[1].b[0]');
    expect(firstDifference(v, deepCopy(v))).toBeUndefined();
    expect(firstDifference([Number.NaN], [Number.NaN])).toBeUndefined();
    expect(firstDifference([0], [-0])).toBe('[0]');
  });
});
