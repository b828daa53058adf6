import { describe, expect, it } from 'vitest';
import type { RealArray } from '@pullback/rules-core';
import { square, sum } from '@pullback/rules-core/math';
import {
  finiteDifferences,
  forward,
  gradient,
  hvp,
  jacobian,
  OutputShapeError,
  prepareGradient,
  pushforward,
  reverse,
  secondOrder,
  UnsupportedInputError,
  type Backend,
} from '@pullback/engine';

/**
 * Issue 11, item 20: inputs no operator can differentiate are refused at the entry with an
 * `UnsupportedInputError` naming the operator and the path of the offending part, before `f`
 * runs (holes used to reach the vocabulary as `undefined`, a cycle overflowed the stack, a Proxy
 * of a Float64Array failed inside with an incompatible-receiver TypeError).
 */

/** An array of `length` with only the `entries` given: the others are holes, as in `[1, , 3]`. */
const holey = (length: number, entries: Record<number, unknown>): unknown[] => {
  const a = new Array<unknown>(length);
  for (const [k, v] of Object.entries(entries)) a[Number(k)] = v;
  return a;
};

const cyclic = (): unknown => {
  const o: Record<string, unknown> = { a: { b: [1, 2] } };
  (o.a as Record<string, unknown>).c = o;
  return o;
};
const cyclicArray = (): unknown => {
  const a: unknown[] = [[1, 2]];
  a.push(a);
  return a;
};
const getter = () => ({
  a: [1, 2],
  get b() {
    return 3;
  },
});

const odd: [string, () => unknown, RegExp][] = [
  ['a hole', () => holey(3, { 0: 1, 2: 3 }), /x\[1\] is a hole/],
  [
    'a hole in a nested array',
    () => ({ a: [[1, 2], holey(3, { 0: 3, 2: 5 })] }),
    /x\.a\[1\]\[1\] is a hole/,
  ],
  ['a hole among arrays', () => holey(3, { 0: [1], 2: [3] }), /x\[1\] is a hole/],
  ['undefined in an array', () => [1, undefined, 3], /x\[1\] is undefined/],
  ['a cycle through an object', cyclic, /x\.a\.c is the same object as x \(a cycle\)/],
  ['a cycle through an array', cyclicArray, /x\[1\] is the same object as x \(a cycle\)/],
  [
    'a Proxy of a Float64Array',
    () => new Proxy(new Float64Array(3), {}),
    /x is a Proxy of a Float64Array/,
  ],
  [
    'a Proxy of a Float64Array in a record',
    () => ({ w: new Proxy(new Float64Array(2), {}) }),
    /x\.w is a Proxy/,
  ],
  ['an Int32Array', () => new Int32Array(2), /x is an Int32Array.*Float64Array\.from/],
  ['a Float32Array', () => ({ a: new Float32Array(2) }), /x\.a is a Float32Array/],
  ['a getter', getter, /x\.b is a getter/],
  ['a Map', () => new Map(), /x is a Map/],
  ['a class instance', () => ({ a: new (class Point {})() }), /x\.a is a Point/],
  ['a string', () => ['1', 2], /x\[0\] is the string "1"/],
  ['a bigint', () => [1n], /x\[0\] is the bigint 1n/],
  ['null', () => ({ a: null }), /x\.a is null/],
  ['a boolean', () => ({ a: true }), /x\.a is the boolean true/],
];

const backends: [string, Backend][] = [
  ['reverse()', reverse()],
  ['forward()', forward()],
  ['finiteDifferences()', finiteDifferences()],
];

describe.each(backends)('odd inputs with %s', (_n, b) => {
  it.each(odd)(
    '%s is an UnsupportedInputError naming the path, before f runs',
    (_w, make, path) => {
      let ran = false;
      const f = (x: RealArray) => {
        ran = true;
        return sum(square(x));
      };
      for (const [op, call] of [
        ['gradient', () => gradient(f as never, b, make() as never)],
        ['jacobian', () => jacobian(f as never, b, make() as never)],
        ['prepareGradient', () => prepareGradient(f as never, b, make() as never)],
      ] as const) {
        let error: unknown;
        try {
          call();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(UnsupportedInputError);
        expect((error as Error).message).toMatch(path);
        expect((error as Error).message.startsWith(`${op}: `)).toBe(true);
      }
      expect(ran).toBe(false);
    },
  );
});

it('a prepared call with an odd input names the method and the path', () => {
  const p = prepareGradient((x: RealArray) => sum(x), reverse(), [1, 2, 3]);
  expect(() => p.gradient(holey(3, { 0: 1, 2: 3 }) as never)).toThrow(UnsupportedInputError);
  expect(() => p.gradient(holey(3, { 0: 1, 2: 3 }) as never)).toThrow(
    /^gradient: x\[1\] is a hole/,
  );
});

it('tangents and directions are checked the same way, by their own name', () => {
  const f = (x: RealArray) => sum(square(x));
  expect(() => pushforward(f, forward(), [1, 2, 3], holey(3, { 0: 1, 2: 3 }) as never)).toThrow(
    /^pushforward: tx\[1\] is a hole.*shaped like the value it belongs to/,
  );
  expect(() => hvp(f, secondOrder(forward(), reverse()), [1, 2], cyclicArray() as never)).toThrow(
    /^hvp: v\[1\] is the same object as v \(a cycle\)/,
  );
});

it('an odd output is an OutputShapeError naming its path', () => {
  expect(() =>
    jacobian((x: RealArray) => holey(3, { 0: x, 2: x }) as never, reverse(), [1, 2]),
  ).toThrow(OutputShapeError);
  expect(() =>
    jacobian((x: RealArray) => holey(3, { 0: x, 2: x }) as never, reverse(), [1, 2]),
  ).toThrow(/^jacobian: f\(x\)\[1\] is a hole/);
});

it('shared (not cyclic) parts and records with a null prototype are fine', () => {
  const shared = new Float64Array([1, 2]);
  const g = gradient((x: { a: RealArray; b: RealArray }) => sum(square(x.a)), reverse(), {
    a: shared,
    b: shared,
  });
  expect(Array.from(g.a)).toEqual([2, 4]);
  expect(Array.from(g.b)).toEqual([0, 0]);
  const bare = Object.assign(Object.create(null) as object, { a: [3] });
  expect(gradient((x: { a: RealArray }) => sum(square(x.a)), reverse(), bare as never)).toEqual({
    a: [6],
  });
});
