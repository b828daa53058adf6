import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  noTangent,
  projectTangent,
  TangentMismatchError,
  thunk,
  zeroTangent,
} from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { primalOf, tangents } from './helpers/tangent-arbitraries.js';
import { RecordingInterpreter } from './helpers/fake-interpreter.js';

describe('projectTangent', () => {
  test.prop([tangents(1)])('is idempotent', ([s, t]) => {
    const p = primalOf(s);
    const once = projectTangent(p, t);
    expect(projectTangent(p, once)).toEqual(once);
  });
  test.prop([fc.array(fc.integer(), { maxLength: 5 })])(
    'restores the kind of the primal: number[] → Float64Array for a Float64Array primal',
    (xs) => {
      expect(projectTangent(new Float64Array(xs.length), xs)).toEqual(Float64Array.from(xs));
      expect(
        projectTangent(
          xs.map(() => 0),
          Float64Array.from(xs),
        ),
      ).toEqual(xs);
    },
  );
  test('a number for a number, noTangent where there is no tangent space, zeros for missing fields', () => {
    expect(projectTangent(2, 3)).toBe(3);
    expect(
      projectTangent(
        2,
        thunk(() => 4),
      ),
    ).toBe(4);
    expect(projectTangent(2, zeroTangent)).toBe(zeroTangent);
    expect(projectTangent('label', 3)).toBe(noTangent);
    expect(projectTangent(true, 3)).toBe(noTangent);
    expect(projectTangent({ w: 1.5, name: 'a', b: [1, 2] }, { w: 2, name: 7 })).toEqual({
      w: 2,
      name: noTangent,
      b: zeroTangent,
    });
    expect(
      projectTangent({ rows: 2, cols: 1, data: new Float64Array(2) }, { data: [1, 2] }),
    ).toEqual({
      rows: 2,
      cols: 1,
      data: new Float64Array([1, 2]),
    });
  });
  test('keeps active leaves (a Real[] where a Float64Array cannot hold them)', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const a = I.active(1);
      expect(projectTangent(new Float64Array(2), [a, zeroTangent])).toEqual([a, 0]);
      expect(projectTangent(1, a)).toBe(a);
    });
  });
  test('a mismatched shape throws TangentMismatchError naming where and what was expected', () => {
    expect(() => projectTangent(new Float64Array(3), [1, 2])).toThrow(TangentMismatchError);
    expect(() => projectTangent({ w: new Float64Array(3) }, { w: [1, 2] })).toThrow(
      /^projectTangent: at tangent\.w, expected an array of 3 reals or zeroTangent for a Float64Array, got an array of length 2\./,
    );
    expect(() => projectTangent(1, [1])).toThrow(
      /^projectTangent: at tangent, expected a real \(a number or an active scalar\) or zeroTangent for number 1, got an array of length 1\./,
    );
    expect(() => projectTangent({ a: 1 }, { b: 1 })).toThrow(
      /expected only the fields \{a\} \(no field 'b'\)/,
    );
    expect(() => projectTangent([1, 2], [1])).toThrow(
      /expected an array of length 2 or zeroTangent/,
    );
    expect(() =>
      projectTangent({ rows: 1, cols: 1, data: [0] }, { rows: 2, cols: 1, data: [1] }),
    ).toThrow(/expected a 1×1 matrix tangent/);
  });
});
