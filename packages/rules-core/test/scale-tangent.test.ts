import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  addTangents,
  noTangent,
  scaleTangent,
  TangentMismatchError,
  zeroTangent,
} from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { tangents } from './helpers/tangent-arbitraries.js';
import { RecordingInterpreter } from './helpers/fake-interpreter.js';

const factor = fc.integer({ min: -4, max: 4 });

/** `v` with every −0 replaced by +0. */
function canonical(v: unknown): unknown {
  if (typeof v === 'number') return v + 0;
  if (v instanceof Float64Array) return v.map((x) => x + 0);
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}

describe('scaleTangent', () => {
  test.prop([factor])('strong zeros absorb it', (s) => {
    expect(scaleTangent(zeroTangent, s)).toBe(zeroTangent);
    expect(scaleTangent(noTangent, s)).toBe(noTangent);
  });
  test.prop([tangents(2), factor])('distributes over addTangents', ([, a, b], s) => {
    // Up to the sign of zeros: (−2 + 2)·(−1) is −0 where −2·(−1) + 2·(−1) is +0.
    expect(canonical(scaleTangent(addTangents(a, b), s))).toEqual(
      canonical(addTangents(scaleTangent(a, s), scaleTangent(b, s))),
    );
  });
  test.prop([tangents(1), factor, factor])('composes: (t·s)·r = t·(s·r)', ([, t], s, r) => {
    expect(scaleTangent(scaleTangent(t, s), r)).toEqual(scaleTangent(t, s * r));
  });
  test.prop([tangents(1)])('scaling by 1 leaves values unchanged', ([, t]) => {
    expect(scaleTangent(scaleTangent(t, 1), 1)).toEqual(scaleTangent(t, 1));
  });
  test('keeps structure and kinds', () => {
    expect(scaleTangent({ w: [1, 2], b: new Float64Array([3]) }, 2)).toEqual({
      w: [2, 4],
      b: new Float64Array([6]),
    });
    expect(scaleTangent({ rows: 1, cols: 2, data: [1, 2] }, 3)).toEqual({
      rows: 1,
      cols: 2,
      data: [3, 6],
    });
  });
  test('uses the vocabulary for active leaves or an active factor', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      expect(scaleTangent(I.active(1), 2)).toBe('mul@0');
      expect(scaleTangent(new Float64Array(2), I.active(2) as never)).toBe('mul@0');
    });
  });
  test('bad input', () => {
    expect(() => scaleTangent([1], 'x' as never)).toThrow(
      /^scaleTangent\(t, s\): expected s to be a real/,
    );
    expect(() => scaleTangent({ a: 'x' }, 2)).toThrow(TangentMismatchError);
    expect(() => scaleTangent({ a: 'x' }, 2)).toThrow(
      /^scaleTangent: the string "x" at tangent\.a is not a tangent/,
    );
  });
});
