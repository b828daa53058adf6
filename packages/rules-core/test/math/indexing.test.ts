import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ActiveCoercionError } from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { at, IndexOutOfRangeError, setAt } from '@pullback/rules-core/math';
import { real, vector } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';
import { RecordingInterpreter } from '../helpers/fake-interpreter.js';

const indexed = vector(real(-3, 3), 1, 6).chain((x) =>
  fc.integer({ min: 0, max: x.length - 1 }).map((i) => [x, i] as const),
);

describe('at', () => {
  test.prop([indexed])('reads element i of number[] and Float64Array', ([x, i]) => {
    expect(at(x, i)).toBe(x[i]);
  });
  test('out of range, negative or fractional indices throw, naming at and the valid range', () => {
    for (const i of [3, -1, 1.5, NaN]) {
      expect(() => at([1, 2, 3], i)).toThrow(IndexOutOfRangeError);
    }
    expect(() => at([1, 2, 3], 3)).toThrow(
      /^at: index number 3 is outside an array of length 3; use an integer in 0\.\.2\./,
    );
    expect(() => at([], 0)).toThrow(/the array is empty/);
  });
  test('reading a Real[] while an interpreter is in flight needs no dispatch', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const a = I.active(1);
      expect(at([0, a, 2], 1)).toBe(a);
    });
    expect(I.log).toEqual([]);
  });
});

describe('setAt', () => {
  test.prop([indexed, real(-3, 3)])('writes in place and returns x', ([x, i], v) => {
    const before = Array.from(x);
    const y = setAt(x, i, v);
    expect(y).toBe(x);
    before[i] = v;
    expect(Array.from(y)).toEqual(before);
  });
  test('an active value into a Float64Array throws ActiveCoercionError pointing at similar(x)', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const x = new Float64Array(2);
      expect(() => setAt(x, 0, I.active(1))).toThrow(ActiveCoercionError);
      expect(() => setAt(x, 0, I.active(1))).toThrow(/setAt.*Float64Array.*similar\(x\)/);
    });
    expect(I.log).toEqual([]);
  });
  test('an active value into a Real[] is kept', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const a = I.active(1);
      const x: unknown[] = [0, 0];
      setAt(x as never, 1, a);
      expect(x[1]).toBe(a);
    });
  });
  test('out of range indices throw, naming setAt', () => {
    expect(() => setAt([1, 2], 2, 0)).toThrow(
      /^setAt: index number 2 is outside an array of length 2/,
    );
    expect(() => setAt(new Float64Array(2), -1, 0)).toThrow(IndexOutOfRangeError);
  });
});

describe('rules', () => {
  describeRules([
    { name: 'at', f: at as RuleCase['f'], args: indexed, nondiff: [1] },
    {
      name: 'setAt',
      f: setAt as RuleCase['f'],
      args: fc.tuple(indexed, real(-3, 3)).map(([[x, i], v]) => [x, i, v]),
      nondiff: [1],
    },
  ]);
});
