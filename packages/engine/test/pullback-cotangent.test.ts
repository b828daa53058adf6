import { describe, expect, it } from 'vitest';
import { zeroTangent, type Real, type RealArray } from '@pullback/rules-core';
import { mul, ShapeMismatchError, sin, sum, transpose } from '@pullback/rules-core/math';
import {
  auto,
  finiteDifferences,
  forward,
  preparePullback,
  pullback,
  reverse,
  secondOrder,
  sparse,
  valueAndPullback,
  type Backend,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

/**
 * Issue 11, item 8: `dy` lives in the space of `f(x)`. A long `dy` used to be cut silently, a
 * short one gave NaN and `undefined` gave zeros; each is now a `ShapeMismatchError` naming both
 * shapes, in every backend and in prepared pullbacks. Zero tangents fit any shape, as in
 * ChainRules.
 */

const backends: [string, Backend][] = [
  ['forward()', forward()],
  ['reverse()', reverse()],
  ['auto()', auto()],
  ['finiteDifferences()', finiteDifferences()],
  ['secondOrder(forward(), reverse())', secondOrder(forward(), reverse())],
  ['sparse(reverse())', sparse(reverse())],
];

const vector = (x: RealArray) => sin(x);
const record = (x: RealArray) => ({ s: sin(x), t: sum(x) });
const x = new Float64Array([0.1, 0.2, 0.3]);

const wrong: [string, (x: RealArray) => unknown, unknown, RegExp][] = [
  [
    'too long',
    vector,
    [1, 1, 1, 1],
    /dy has the shape number\[4\], but f\(x\) is Float64Array\(3\)/,
  ],
  [
    'too short',
    vector,
    new Float64Array(2),
    /dy has the shape Float64Array\(2\), but f\(x\) is Float64Array\(3\)/,
  ],
  ['undefined', vector, undefined, /dy is undefined, but f\(x\) is Float64Array\(3\)/],
  ['a number for an array', vector, 1, /dy has the shape number, but f\(x\) is Float64Array\(3\)/],
  ['a string', vector, 'abc', /dy is the string "abc", but f\(x\) is Float64Array\(3\)/],
  [
    'an array for a number',
    (v) => sum(v),
    [1],
    /dy has the shape number\[1\], but f\(x\) is number/,
  ],
  [
    'a record with a misspelled key',
    record,
    { s: [1, 1, 1], tt: 1 },
    /but f\(x\) is \{ s: Float64Array\(3\), t: number \}/,
  ],
  ['a record missing a key', record, { s: [1, 1, 1] }, /dy has the shape \{ s: number\[3\] \}/],
  [
    'a matrix of the transposed shape (same data length)',
    (v) => transpose({ rows: 1, cols: 3, data: mul(v, v) }),
    { rows: 1, cols: 3, data: [1, 1, 1] },
    /dy has the shape a 1×3 matrix of number\[3\], but f\(x\) is a 3×1 matrix/,
  ],
  [
    'a tuple for a record',
    record,
    [[1, 1, 1], 1],
    /but f\(x\) is \{ s: Float64Array\(3\), t: number \}/,
  ],
];

describe.each(backends)('pullback with %s', (_n, b) => {
  it.each(wrong)('refuses a dy that is %s, naming both shapes', (_w, f, dy, message) => {
    for (const call of [
      () => pullback(f as never, b, x, dy as never),
      () => valueAndPullback(f as never, b, x, dy as never),
      () => preparePullback(f as never, b, x).pullback(x, dy as never),
    ]) {
      expect(call).toThrow(ShapeMismatchError);
      expect(call).toThrow(message);
    }
  });

  it('takes a dy of either array kind, and zero tangents for any part', () => {
    const cos = Array.from(x, Math.cos);
    expectClose(
      pullback(vector, b, x, [1, 2, 3]),
      cos.map((c, i) => c * (i + 1)),
      1e-6,
    );
    expectClose(
      pullback(vector, b, x, new Float64Array([1, 2, 3])),
      cos.map((c, i) => c * (i + 1)),
      1e-6,
    );
    expectClose(pullback(vector, b, x, zeroTangent as never), [0, 0, 0], 0);
    expectClose(
      pullback(record as never, b, x, { s: zeroTangent, t: 2 } as never),
      [2, 2, 2],
      1e-6,
    );
  });
});

it('names the operator the user called', () => {
  expect(() => valueAndPullback(vector, reverse(), x, [1] as never)).toThrow(
    /^valueAndPullback: dy/,
  );
  expect(() => preparePullback(vector, reverse(), x).pullback(x, [1] as never)).toThrow(
    /^pullback: dy/,
  );
});

it('the issue’s cases in reverse mode: no silent cut, NaN or zeros', () => {
  const f = (v: RealArray): RealArray => mul(v, 2);
  expect(() => pullback(f, reverse(), [1, 2], [1, 1, 1] as never)).toThrow(ShapeMismatchError);
  expect(() => pullback(f, reverse(), [1, 2], [1] as never)).toThrow(ShapeMismatchError);
  expect(() => pullback(f, reverse(), [1, 2], undefined as never)).toThrow(ShapeMismatchError);
  expect(pullback((t: Real) => mul(t, 3), reverse(), 1, 2)).toBe(6);
});
