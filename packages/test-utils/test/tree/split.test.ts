import { describe, expect, it } from 'vitest';
import { noTangent } from '@pullback/rules-core';
import { layoutOf } from '../../src/tree/layout.js';
import { merge, mergeTangent, reals } from '../../src/tree/split.js';

describe('splitting values for the engine', () => {
  it('drops constants and matrix sizes, and puts them back', () => {
    const args = [Math.sin, { w: [1, 2], act: 'tanh' }, { rows: 1, cols: 1, data: [3] }, 4];
    const l = layoutOf(args);
    const part = reals(l, args);
    expect(part).toEqual([{ w: [1, 2] }, { data: [3] }, 4]);
    expect(merge(l, part, args)).toEqual(args);
    expect(mergeTangent(l, part, args)).toEqual([
      noTangent,
      { w: [1, 2], act: noTangent },
      { rows: 1, cols: 1, data: [3] },
      4,
    ]);
  });
});
