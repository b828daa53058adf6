import { describe, expect, it, vi } from 'vitest';
import { differentiable, type RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sum } from '@pullback/rules-core/math';
import {
  FallbackError,
  auto,
  forward,
  hessian,
  hvp,
  jacobian,
  prepareJacobian,
  reverse,
  secondOrder,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { badcopy, badcopy2, goodcopy } from '../../../examples/src/talk/copies.js';
import { expectClose } from './helpers.js';

const identity = (n: number): number[] =>
  Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));
const modes: [string, (o?: object) => Backend][] = [
  ['forward()', (o) => forward(o)],
  ['reverse()', (o) => reverse(o)],
];

describe.each(modes)('the talk’s copies with %s', (_name, make) => {
  it('badcopy gets the identity through one reported finite-difference fallback', () => {
    const events: FallbackEvent[] = [];
    const x = new Float64Array([1, 1]);
    const J = jacobian(badcopy, make({ onFallback: (e: FallbackEvent) => events.push(e) }), x);
    // Central differences of a linear map: only round-off, ≈ ε/h ≈ 4e-11.
    expectClose(J.data, identity(2), 0, 1e-8);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      functionName: 'badcopy',
      replacement: 'finite differences',
      lintRule: '@pullback/no-non-generic-storage',
    });
    expect(Array.from(x)).toEqual([1, 1]);
  });

  it('goodcopy gets the exact identity with no fallback', () => {
    const onFallback = vi.fn();
    for (const x of [new Float64Array([1, 1]), [1, 1, 1]]) {
      const J = jacobian(goodcopy, make({ onFallback }), x);
      expect(Array.from(J.data)).toEqual(identity(x.length));
    }
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('fallback: "error" turns the fallback into a FallbackError naming the function and the lint rule', () => {
    const call = () => jacobian(badcopy, make({ fallback: 'error' }), new Float64Array([1, 1]));
    expect(call).toThrow(FallbackError);
    expect(call).toThrow(/badcopy/);
    expect(call).toThrow(/@pullback\/no-non-generic-storage/);
  });

  it('reports one event per function however often it falls back', () => {
    const events: FallbackEvent[] = [];
    const thrice = (x: RealArray) =>
      add(add(sum(badcopy(x)), sum(badcopy(mul(x, 2)))), sum(badcopy(x)));
    const prep = prepareJacobian(
      thrice,
      make({ onFallback: (e: FallbackEvent) => events.push(e) }),
      new Float64Array([1, 2]),
    );
    expectClose(prep.jacobian(new Float64Array([1, 2])).data, [4, 4], 0, 1e-8);
    expectClose(prep.jacobian(new Float64Array([3, 4])).data, [4, 4], 0, 1e-8);
    expect(events).toHaveLength(1);
    expect(prep.diagnostics).toHaveLength(1);
    expect(prep.diagnostics[0].functionName).toBe('badcopy');
  });
});

describe('badcopy2 (a custom rrule around the bad body)', () => {
  it('gets the exact identity through its rule in reverse mode with no fallback', () => {
    const J = jacobian(badcopy2, reverse({ fallback: 'error' }), new Float64Array([1, 1]));
    expect(Array.from(J.data)).toEqual(identity(2));
  });
  it('gets the exact identity in forward mode too, from pullbacks of its rrule', () => {
    const J = jacobian(badcopy2, forward({ fallback: 'error' }), new Float64Array([1, 1, 1]));
    expect(Array.from(J.data)).toEqual(identity(3));
  });
});

describe('the default report', () => {
  it('is a single process warning per function, never a flood', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const noisy = differentiable(function noisyCopy(x: RealArray) {
      return Float64Array.from(x as ArrayLike<number>);
    });
    for (let k = 0; k < 5; k++) jacobian((x: RealArray) => noisy(x), reverse(), [1, 2]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/noisyCopy.*finite differences/);
    warn.mockRestore();
  });

  it('a top-level function that cannot carry active values falls back as a whole', () => {
    const events: FallbackEvent[] = [];
    const f = function topLevel(x: number[]) {
      return [Number(x[0]) * 3, Number(x[1]) ** 2];
    };
    const J = jacobian(
      f as never,
      auto({ onFallback: (e: FallbackEvent) => events.push(e) }),
      [1, 2],
    );
    expectClose(J.data, [3, 0, 0, 4], 1e-8, 1e-8);
    expect(events.map((e) => [e.functionName, e.lintRule])).toEqual([
      ['topLevel', '@pullback/no-active-coercion'],
    ]);
  });
});

describe('at a boundary inside a larger function', () => {
  it('only the failing boundary is re-run; the rest keeps exact derivatives', () => {
    const f = (x: RealArray) => add(mul(at(x, 0), at(x, 1)), sum(badcopy(x)));
    for (const b of [
      forward({ onFallback: () => undefined }),
      reverse({ onFallback: () => undefined }),
    ]) {
      const J = jacobian(f, b, [2, 3]);
      // ∂/∂x₀ = x₁ + 1, ∂/∂x₁ = x₀ + 1; only the badcopy part carries FD round-off.
      expectClose(J.data, [4, 3], 0, 1e-8);
    }
  });
});

describe('a fallback inside nested differentiation', () => {
  // Σ badcopy(x)²: H = 2I. The inner pass cannot take differences through the outer pass's
  // values without dropping their derivatives, so it unwinds to the outer boundary, which
  // takes differences through the whole inner derivative (nested central differences).
  const f = function sumOfSquaredCopy(x: RealArray) {
    return sum(square(badcopy(x)));
  };
  const pairs = [
    ['forward over reverse', (o: object) => secondOrder(forward(o), reverse(o))],
    ['reverse over forward', (o: object) => secondOrder(reverse(o), forward(o))],
    ['forward over forward', (o: object) => secondOrder(forward(o), forward(o))],
    ['reverse over reverse', (o: object) => secondOrder(reverse(o), reverse(o))],
  ] as const;
  it.each(pairs)('%s: hvp and Hessian are right, not silently zero', (_name, make) => {
    const events: FallbackEvent[] = [];
    const backend = () => make({ onFallback: (e: FallbackEvent) => events.push(e) });
    const x = new Float64Array([1, 2, 3]);
    const v = new Float64Array([1, -1, 0.5]);
    const before = x.slice();
    // Central differences of a central-difference gradient: error ≈ ε/h² · |f| ≈ 1e-5 here.
    expectClose(hvp(f, backend(), x, v), [2, -2, 1], 0, 1e-4);
    const H = hessian(f, backend(), x);
    expectClose(H.data, [2, 0, 0, 0, 2, 0, 0, 0, 2], 0, 1e-4);
    expect(x).toEqual(before);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.replacement === 'finite differences')).toBe(true);
  });
  it('is reported, naming the derivative that was differenced', () => {
    const events: FallbackEvent[] = [];
    const onFallback = (e: FallbackEvent) => events.push(e);
    hvp(f, secondOrder(forward({ onFallback }), reverse({ onFallback })), [1, 2], [1, 0]);
    expect(events.map((e) => e.functionName)).toContain('the gradient of sumOfSquaredCopy');
    expect(events.every((e) => e.replacement === 'finite differences')).toBe(true);
  });
  it('fallback: "error" makes it a FallbackError', () => {
    const call = () =>
      hvp(
        f,
        secondOrder(forward({ fallback: 'error' }), reverse({ fallback: 'error' })),
        [1, 2],
        [1, 0],
      );
    expect(call).toThrow(FallbackError);
  });
});

describe('the forward-mode black box', () => {
  it('takes one central difference per tangent lane, not one per input', () => {
    let calls = 0;
    const opaque = differentiable(function opaqueSquares(x: RealArray) {
      calls++;
      return Float64Array.from(x as ArrayLike<number>, (v) => v * v);
    });
    const x = [1, 2, 3, 4, 5, 6];
    const J = jacobian(opaque, forward({ chunkSize: 2, onFallback: () => undefined }), x);
    const expected = x.flatMap((_, i) => x.map((v, j) => (i === j ? 2 * v : 0)));
    // Central differences of a quadratic along a direction: exact up to round-off.
    expectClose(J.data, expected, 1e-8, 1e-8);
    // 3 chunks of 2 lanes; each: the traced attempt, the value, and 2 evaluations per lane.
    expect(calls).toBe(3 * (1 + 1 + 2 * 2));
  });
});
