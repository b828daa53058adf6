import { describe, expect, it } from 'vitest';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, sum } from '@pullback/rules-core/math';
import { forward, gradient, reverse, type Backend } from '@pullback/engine';
import { expectClose } from './helpers.js';

// A black-box fallback re-runs the body on numbers. Only the active leaves may be replaced:
// what else the function receives (extra arguments, the non-active parts of an argument) must
// reach it exactly as a plain call would pass it. Central differences of these functions,
// linear in x, are exact up to round-off (ε/h ≈ 4e-11 relative).
const FD = 1e-8;

const backends: [string, () => Backend][] = [
  ['reverse()', () => reverse({ onFallback: () => undefined })],
  ['forward()', () => forward({ onFallback: () => undefined })],
];

/** x₀ and x₁ as plain numbers: `Number()` makes the whole function a black box. */
const numbers = (x: RealArray): [number, number] => [Number(at(x, 0)), Number(at(x, 1))];

class Scale {
  constructor(readonly k: number) {}
  times(v: number): number {
    return v * this.k;
  }
}

describe.each(backends)('a top-level black box with %s', (_name, make) => {
  it('receives a Float32Array extra argument as a Float32Array', () => {
    const w = new Float32Array([3, 4]);
    const f = (x: RealArray, weights: Float32Array): number => {
      if (!(weights instanceof Float32Array)) throw new TypeError('weights lost their kind');
      const [a, b] = numbers(x);
      let acc = 0;
      for (let i = 0; i < weights.length; i++) acc += weights[i] * [a, b][i];
      return acc;
    };
    expectClose(gradient(f as never, make(), [1, 2], w), [3, 4], FD);
    expect(Array.from(w)).toEqual([3, 4]);
  });

  it('receives a class instance with its methods', () => {
    const f = (x: RealArray, s: Scale): number => s.times(numbers(x)[0]) + numbers(x)[1];
    expectClose(gradient(f as never, make(), [1, 2], new Scale(3)), [3, 1], FD);
  });

  it('receives a Map with its entries', () => {
    const table = new Map([['w', 5]]);
    const f = (x: RealArray, m: Map<string, number>): number =>
      (m.get('w') as number) * numbers(x)[0];
    expectClose(gradient(f as never, make(), [1, 2], table), [5, 0], FD);
    expect(table.get('w')).toBe(5);
  });

  it('receives the very same extra object on every evaluation', () => {
    const config = { scale: 2 };
    const seen = new Set<unknown>();
    const f = (x: RealArray, c: typeof config): number => {
      seen.add(c);
      return c.scale * numbers(x)[1];
    };
    expectClose(gradient(f as never, make(), [1, 2], config), [0, 2], FD);
    expect([...seen]).toEqual([config]);
  });
});

describe.each(backends)('a black box at a differentiable boundary with %s', (_name, make) => {
  it('gets a fresh copy of what holds active values, the rest as it is', () => {
    const lookup = new Float32Array([10, 20]);
    // Its argument mixes an active scalar with a typed array and a class instance; the body
    // mutates the plain object it receives, which must not leak into the next evaluation.
    const opaque = differentiable(function opaque(arg: {
      v: Real;
      table: Float32Array;
      s: Scale;
    }): number {
      if (!(arg.table instanceof Float32Array)) throw new TypeError('table lost its kind');
      const v = Number(arg.v);
      arg.v = 1e6;
      return arg.s.times(v) + arg.table[1];
    });
    const f = (x: RealArray) =>
      add(mul(at(x, 1), 2), opaque({ v: at(x, 0), table: lookup, s: new Scale(4) }) as never);
    expectClose(gradient(f, make(), [1, 2]), [4, 2], FD);
    expect(Array.from(lookup)).toEqual([10, 20]);
  });

  it('never writes into the caller’s input through a body that mutates its argument', () => {
    const scrambling = differentiable(function scrambling(v: RealArray): number {
      const plain = v as unknown as Float64Array;
      const s = plain[0] + 2 * plain[1];
      plain[0] = NaN;
      return s;
    });
    const x = new Float64Array([1, 2]);
    expectClose(
      gradient((v: RealArray) => mul(sum(v), scrambling(v) as never), make(), x),
      [8, 11],
      FD,
    );
    expect(Array.from(x)).toEqual([1, 2]);
  });
});
