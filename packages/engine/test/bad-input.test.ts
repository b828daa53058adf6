import { describe, expect, it } from 'vitest';
import { ActiveCoercionError, type Real, type RealArray } from '@pullback/rules-core';
import { mul, ShapeMismatchError, sin, sum, square } from '@pullback/rules-core/math';
import {
  OutputShapeError,
  PreparationMismatchError,
  UnsupportedInputError,
  derivative,
  finiteDifferences,
  forward,
  gradient,
  hvp,
  prepareGradient,
  prepareHvp,
  pushforward,
  reverse,
  secondOrder,
  type Backend,
} from '@pullback/engine';
import type { FallbackEvent } from '@pullback/engine';

const backends: [string, Backend][] = [
  ['forward()', forward()],
  ['reverse()', reverse()],
  ['finiteDifferences()', finiteDifferences()],
];

describe.each(backends)('bad input with %s', (_name, backend) => {
  it('a gradient of a non-scalar function suggests jacobian', () => {
    const f = (x: Float64Array) => sin(x);
    // @ts-expect-error: f returns an array: the run-time error is under test
    expect(() => gradient(f, backend, new Float64Array([1, 2]))).toThrow(OutputShapeError);
    // @ts-expect-error: f returns an array: the run-time error is under test
    expect(() => gradient(f, backend, new Float64Array([1, 2]))).toThrow(/jacobian/);
  });

  it('a string input is refused with a message saying what is accepted', () => {
    expect(() => gradient((x: never) => x, backend, 'abc' as never)).toThrow(UnsupportedInputError);
    expect(() => gradient((x: never) => x, backend, { a: 1, b: 'no' } as never)).toThrow(
      /x\.b is the string "no"/,
    );
  });

  it('NaN in the input propagates without a crash', () => {
    const g = gradient((x: Float64Array) => sum(square(x)), backend, new Float64Array([1, NaN, 3]));
    expect(Number.isNaN(g[1])).toBe(true);
    // AD keeps the other partials (NaN-safe); central differences evaluate f, which is NaN everywhere.
    if (backend.kind !== 'finiteDifferences') expect(Array.from(g)).toEqual([2, NaN, 6]);
  });

  it('a prepared gradient refuses another shape', () => {
    const prep = prepareGradient((x: Float64Array) => sum(x), backend, new Float64Array(3));
    expect(() => prep.gradient(new Float64Array(4))).toThrow(PreparationMismatchError);
    expect(() => prep.gradient(new Float64Array(4))).toThrow(
      /Float64Array\(3\).*Float64Array\(4\)/,
    );
    expect(() => prep.gradient([1, 2, 3] as never)).toThrow(/number\[3\]/);
  });

  it('derivative needs one real', () => {
    expect(() => derivative((x: never) => x, backend, [1, 2] as never)).toThrow(
      UnsupportedInputError,
    );
  });
});

describe('coercion of active values', () => {
  const modes: [string, Backend][] = [
    ['forward()', forward({ fallback: 'error' })],
    ['reverse()', reverse({ fallback: 'error' })],
  ];
  it.each(modes)(
    'Number(x) inside f is an ActiveCoercionError naming the fix (%s, fallbacks off)',
    (_n, b) => {
      const f = (x: Real) => Number(x) * 2;
      const err = (() => {
        try {
          derivative(f as never, b, 1);
        } catch (e) {
          return e;
        }
      })() as Error & { cause?: unknown };
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(/primal\(x\)/);
      expect(err.message).toMatch(/no-active-coercion/);
    },
  );

  it('coercion outside any fallback policy throws ActiveCoercionError itself', () => {
    let seen: unknown;
    const events: FallbackEvent[] = [];
    derivative(
      (x: Real) => {
        try {
          return +(x as unknown as number);
        } catch (e) {
          seen = e;
          return mul(x, 1);
        }
      },
      forward({ onFallback: (e) => void events.push(e) }),
      2,
    );
    // Caught by f itself, the coercion is still recorded, and the boundary falls back (item 9).
    expect(events).toHaveLength(1);
    expect(seen).toBeInstanceOf(ActiveCoercionError);
    expect((seen as Error).message).toMatch(/math vocabulary/);
    expect((seen as Error).message).toMatch(/similar\(x\)/);
  });
});

describe('a tangent or direction that does not fit x', () => {
  const f = (x: RealArray) => sum(square(x));
  const x = [1, 2, 3];
  it.each([
    ['pushforward', () => pushforward(f, forward(), x, [1, 2])],
    ['pushforward (too long)', () => pushforward(f, forward(), x, [1, 2, 3, 4])],
    ['hvp', () => hvp(f, secondOrder(forward(), reverse()), x, [1, 2])],
    ['prepared hvp', () => prepareHvp(f, secondOrder(forward(), reverse()), x).hvp(x, [1])],
  ])('%s: ShapeMismatchError naming both shapes', (_name, call) => {
    expect(call).toThrow(ShapeMismatchError);
    expect(call).toThrow(/but x is number\[3\]/);
  });
  it('a string direction is an UnsupportedInputError naming it', () => {
    expect(() => hvp(f, secondOrder(forward(), reverse()), x, 'abc' as never)).toThrow(
      UnsupportedInputError,
    );
    expect(() => pushforward(f, forward(), x, 'abc' as never)).toThrow(/tx is the string/);
  });
  it('a number[] tangent for a Float64Array x is fine at run time (the types ask for x’s kind)', () => {
    expect(pushforward(f, forward(), new Float64Array(x), [1, 0, 0] as never)).toBe(2);
  });
});
