import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, mul, sum } from '@pullback/rules-core/math';
import {
  cache,
  forward,
  PreparationMismatchError,
  prepareGradient,
  prepareHessian,
  preparePushforward,
  reverse,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

/** f(x; w, label) = Σ w_i x_i² (label is a constant of another kind). */
const weighted = (x: RealArray, w: RealArray, _label?: string): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) s = sum([s, mul(at(w, i), mul(at(x, i), at(x, i)))]);
  return s;
};

describe('strict preparation checks the extra arguments', () => {
  const x = Float64Array.of(1, 2, 3);
  const w = Float64Array.of(1, 1, 1);

  it('new values of the same kind and shape are fine', () => {
    const p = prepareGradient(weighted, reverse(), x, w, 'a');
    expectClose(p.gradient(x, Float64Array.of(2, 0, 1), 'b'), [4, 0, 6], 1e-14);
    // None given: the preparation's.
    expectClose(p.gradient(x), [2, 4, 6], 1e-14);
  });

  it.each([
    [
      'a shorter array',
      [Float64Array.of(1, 1), 'a'],
      /rest\[0\]\) was Float64Array\(3\) at preparation, but is Float64Array\(2\)/,
    ],
    [
      'another kind',
      [[1, 1, 1], 'a'],
      /rest\[0\]\) was Float64Array\(3\) at preparation, but is number\[3\]/,
    ],
    [
      'a number for a string',
      [w, 3],
      /extra argument 2 after x \(rest\[1\]\) was a string at preparation, but is a number/,
    ],
    ['another count', [w], /made with 2 extra arguments after x, but was called with 1/],
  ] as const)('%s is a PreparationMismatchError naming the argument', (_n, rest, message) => {
    // Typed callers cannot pass these (the prepared methods take the preparation's extra
    // arguments); the check is for untyped callers and casts.
    const p = prepareGradient(weighted, reverse(), x, w, 'a') as unknown as {
      gradient(x: Float64Array, ...rest: unknown[]): unknown;
      valueAndGradient(x: Float64Array, ...rest: unknown[]): unknown;
    };
    expect(() => p.gradient(x, ...(rest as unknown as unknown[]))).toThrow(
      PreparationMismatchError,
    );
    expect(() => p.gradient(x, ...(rest as unknown as unknown[]))).toThrow(message);
    expect(() => p.valueAndGradient(x, ...(rest as unknown as unknown[]))).toThrow(
      /prepareGradient/,
    );
  });

  it('holds for every prepared family and for caches', () => {
    const ph = prepareHessian(weighted, reverse(), x, w);
    expect(() => ph.hessian(x, Float64Array.of(1))).toThrow(PreparationMismatchError);
    const pf = preparePushforward(weighted, forward(), x, w);
    // @ts-expect-error: an extra argument of another kind, on purpose
    expect(() => pf.pushforward(x, x, { w })).toThrow(/rest\[0\]/);
    const c = cache(new Float64Array(3));
    const pc = prepareGradient(weighted, reverse(), x, c, 'a');
    expect(() => pc.gradient(x, c, 'a')).not.toThrow();
    expect(() => pc.gradient(x, cache([0, 0, 0]), 'b')).not.toThrow();
    expect(() => pc.gradient(x, cache(new Float64Array(4)), 'a')).toThrow(PreparationMismatchError);
  });

  // The checks a prepared call makes without allocating (tree/matches.ts, ExtraArgumentKinds)
  // must refuse what the full description refuses.
  it('tells instances of another class, and arrays that stop holding numbers, apart', () => {
    class Scale {
      constructor(readonly k: number) {}
    }
    class Other {
      constructor(readonly scale: number) {}
    }
    const scaled = (x: RealArray, s: Scale): Real => mul(s.k, sum(x));
    const p = prepareGradient(scaled, reverse(), x, new Scale(2));
    expectClose(p.gradient(x, new Scale(3)), [3, 3, 3], 1e-14);
    // @ts-expect-error: an instance of another class, on purpose
    expect(() => p.gradient(x, new Other(3))).toThrow(
      /rest\[0\]\) was an instance of Scale at preparation, but is an instance of Other/,
    );
    const data = [1, 1, 1];
    const q = prepareGradient(weighted, reverse(), x, data);
    expectClose(q.gradient(x, data), [2, 4, 6], 1e-14);
    const spoiled: unknown[] = [1, 'one', 1];
    // @ts-expect-error: an array that holds a string, on purpose
    expect(() => q.gradient(x, spoiled)).toThrow(PreparationMismatchError);
    const xs = [1, 2, 3];
    const r = prepareGradient(weighted, reverse(), xs, w);
    expectClose(r.gradient([2, 2, 2]), [4, 4, 4], 1e-14);
    expect(() => r.gradient([1, 2] as number[])).toThrow(PreparationMismatchError);
    expect(() => r.gradient([1, 'two', 3] as unknown as number[])).toThrow(/gradient: x\[1\]/);
    expect(() => r.gradient(Float64Array.of(1, 2, 3) as unknown as number[])).toThrow(
      /made for number\[3\], but was called with Float64Array\(3\)/,
    );
  });
});
