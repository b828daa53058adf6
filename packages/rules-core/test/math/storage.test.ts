import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { rulesOf, zeroTangent } from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { similar, zerosLike } from '@pullback/rules-core/math';
import { dualConfig } from '../helpers/dual.js';
import { FakeActive, RecordingInterpreter } from '../helpers/fake-interpreter.js';

describe.each([
  ['similar', similar],
  ['zerosLike', zerosLike],
] as const)('%s', (_name, f) => {
  test.prop([fc.array(fc.double(), { maxLength: 6 })])(
    'gives Float64Array zeros for passive input',
    (xs) => {
      expect(f(xs)).toEqual(new Float64Array(xs.length));
      expect(f(Float64Array.from(xs))).toEqual(new Float64Array(xs.length));
    },
  );
  test('gives a Real[] of zeros when x holds active values, without dispatching', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      expect(f([1, I.active(2)] as never)).toEqual([0, 0]);
      // An engine's dense active array: an active value with a length.
      const dense = Object.assign(new FakeActive(I, new Float64Array(3)), { length: 3 });
      expect(f(dense as never)).toEqual([0, 0, 0]);
    });
    expect(I.log).toEqual([]);
  });
  test('its rules give storage for active values and a zero tangent', () => {
    const { frule, rrule } = rulesOf(f as never)!;
    expect(frule!([[1, 2]] as never, [[1, 1]] as never, dualConfig())).toEqual([
      [0, 0],
      zeroTangent,
    ]);
    const [y, pullback] = rrule!([[1, 2]] as never, dualConfig());
    expect(y).toEqual([0, 0]);
    expect((pullback(zeroTangent as never) as unknown[])[0]).toBe(zeroTangent);
  });
});

describe('similar and zerosLike specifics', () => {
  test('similar(x, n) allocates n elements', () => {
    expect(similar([1, 2], 4)).toEqual(new Float64Array(4));
    expect(() => similar([1], -1)).toThrow(/^similar: expected n to be a non-negative integer/);
  });
  test('zerosLike of a scalar is 0', () => {
    expect(zerosLike(3)).toBe(0);
  });
  test('reject what is not an array, naming the function', () => {
    expect(() => similar('ab' as never)).toThrow(/^similar: expected x to be an array/);
  });
});
