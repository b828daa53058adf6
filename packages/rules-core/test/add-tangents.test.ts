import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  addTangents,
  isZeroTangent,
  noTangent,
  TangentMismatchError,
  thunk,
  zeroTangent,
} from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { tangents } from './helpers/tangent-arbitraries.js';
import { RecordingInterpreter } from './helpers/fake-interpreter.js';

describe('addTangents', () => {
  test.prop([tangents(1)])('zeroTangent and noTangent are identities', ([, t]) => {
    expect(addTangents(zeroTangent, t)).toBe(t);
    expect(addTangents(t, zeroTangent)).toBe(t);
    // …except that noTangent wins over zeroTangent.
    expect(addTangents(noTangent, t)).toBe(isZeroTangent(t) ? noTangent : t);
    expect(addTangents(t, noTangent)).toBe(isZeroTangent(t) ? noTangent : t);
  });
  test('of two strong zeros noTangent wins, as in ChainRules', () => {
    expect(addTangents(zeroTangent, zeroTangent)).toBe(zeroTangent);
    expect(addTangents(noTangent, zeroTangent)).toBe(noTangent);
    expect(addTangents(zeroTangent, noTangent)).toBe(noTangent);
    expect(addTangents(noTangent, noTangent)).toBe(noTangent);
  });
  test.prop([tangents(2)])('is commutative on nested structures', ([, a, b]) => {
    expect(addTangents(a, b)).toEqual(addTangents(b, a));
  });
  test.prop([tangents(3)])('is associative on nested structures', ([, a, b, c]) => {
    expect(addTangents(addTangents(a, b), c)).toEqual(addTangents(a, addTangents(b, c)));
  });
  test.prop([fc.array(fc.integer(), { maxLength: 5 })])(
    'adds Float64Arrays and number[] elementwise',
    (xs) => {
      const a = Float64Array.from(xs);
      expect(addTangents(a, xs)).toEqual(Float64Array.from(xs, (x) => 2 * x));
      expect(addTangents(xs, xs)).toEqual(xs.map((x) => 2 * x));
      expect(addTangents(a, a)).not.toBe(a);
    },
  );
  test('adds objects field by field; a missing field counts as zero', () => {
    expect(addTangents({ w: [1, 2], b: 3 }, { w: [10, 20], c: 5 })).toEqual({
      w: [11, 22],
      b: 3,
      c: 5,
    });
  });
  test('matrices keep their dimensions and add their entries', () => {
    const m = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    expect(addTangents(m, m)).toEqual({ rows: 1, cols: 2, data: new Float64Array([2, 4]) });
    expect(addTangents(m, { rows: noTangent, cols: noTangent, data: [1, 1] })).toEqual({
      rows: 1,
      cols: 2,
      data: new Float64Array([2, 3]),
    });
  });
  test('evaluates thunks', () => {
    expect(
      addTangents(
        thunk(() => 1),
        thunk(() => 2),
      ),
    ).toBe(3);
  });
  test('adds active leaves with the vocabulary', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      expect(addTangents(I.active(1), 2)).toBe('add@0');
      expect(addTangents([I.active(1)], [2])).toEqual(['add@0']);
    });
  });
  test('mismatched shapes throw TangentMismatchError naming where and what', () => {
    expect(() => addTangents([1, 2], [1, 2, 3])).toThrow(TangentMismatchError);
    expect(() => addTangents({ w: [1, 2] }, { w: [1] })).toThrow(
      /^addTangents: cannot add arrays of lengths 2 and 1 at tangent\.w; expected equal lengths/,
    );
    expect(() => addTangents({ a: 1 }, { a: [1] })).toThrow(
      /^addTangents: cannot add number 1 and an array of length 1 at tangent\.a/,
    );
    expect(() =>
      addTangents({ rows: 1, cols: 1, data: [1] }, { rows: 2, cols: 1, data: [1, 2] }),
    ).toThrow(/cannot add a 1×1 and a 2×1 matrix tangent/);
  });
});
