import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  differentiable,
  EscapedActiveError,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { at, mul, sin, sum } from '@pullback/rules-core/math';
import {
  auto,
  differentiateWith,
  FallbackError,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  reverse,
  secondOrder,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// Issue 11, item 4: a rule that closes over a value of the pass calling it. Rules receive their
// arguments one level down, so that value's derivative is invisible to the rule: forward mode
// returned escaped duals and lost c's contribution, reverse mode threw an EscapedActiveError
// saying the value was "stored outside". The engine now finds the value in the rule's output,
// reports the fallback, and traces the function's body instead.

/** The issue's example: h(u) = u·c with c = x₁ captured; f(x) = h(x₀) = x₀x₁. */
const issueExample = (x: RealArray): Real => {
  const c = at(x, 1);
  const h = differentiable((u: Real) => mul(u, c), {
    frule: ([u], [du]) => [mul(u, c), mul(du as Real, c)],
  });
  return h(at(x, 0));
};

/** The same product with the capture in an rrule, in scalar partials, over an array argument. */
const viaRrule = (x: RealArray): Real => {
  const c = at(x, 1);
  const h = differentiable(
    function scaledBy(u: Real) {
      return mul(u, c);
    },
    { rrule: ([u]) => [mul(u, c), (dy) => [mul(dy as Real, c)]] },
  );
  return h(at(x, 0));
};
const viaPartials = (x: RealArray): Real => {
  const c = at(x, 1);
  const h = differentiable(
    function scaledBy(u: Real) {
      return mul(u, c);
    },
    { partials: () => [c] } as never,
  );
  return h(at(x, 0));
};
/** x₀x₁ as c·Σ[x₀/2, x₀/2] through an array rule. */
const viaArrayRule = (x: RealArray): Real => {
  const c = at(x, 1);
  const h = differentiable(
    function scaledSum(v: RealArray) {
      return mul(sum(v), c);
    },
    { rrule: ([v]) => [mul(sum(v), c), (dy) => [mul(dy as Real, [c, c])]] },
  );
  const half = mul(at(x, 0), 0.5);
  return h([half, half]);
};

/** differentiateWith(t => x₁·t, backend) closing over the outer x₁, applied to x₀. */
const viaDifferentiateWith =
  (backend: () => Backend) =>
  (x: RealArray): Real => {
    const g = differentiateWith((t: Real) => mul(at(x, 1), t), backend());
    return g(at(x, 0));
  };

const products: [string, (x: RealArray) => Real][] = [
  ["the issue's frule", issueExample],
  ['an rrule', viaRrule],
  ['scalar partials', viaPartials],
  ['an array rrule', viaArrayRule],
  ['differentiateWith(…, forward())', viaDifferentiateWith(() => forward())],
  ['differentiateWith(…, reverse())', viaDifferentiateWith(() => reverse())],
  ['differentiateWith(…, finiteDifferences())', viaDifferentiateWith(() => finiteDifferences())],
];

/** Fallbacks go to a listener (tested below), not to process warnings. */
const quiet = { onFallback: () => undefined };
const first: [string, () => Backend][] = [
  ['forward()', () => forward(quiet)],
  ['reverse()', () => reverse(quiet)],
  ['auto()', () => auto(quiet)],
];
const pairs: [string, () => Backend][] = [
  ['forward over reverse', () => secondOrder(forward(quiet), reverse(quiet), quiet)],
  ['reverse over forward', () => secondOrder(reverse(quiet), forward(quiet), quiet)],
  ['forward over forward', () => secondOrder(forward(quiet), forward(quiet), quiet)],
  ['reverse over reverse', () => secondOrder(reverse(quiet), reverse(quiet), quiet)],
];
const real = fc.double({ min: -3, max: 3, noNaN: true });

describe.each(products)('a rule closing over a value being differentiated: %s', (_name, f) => {
  it.each(first)('%s gives the exact gradient of x₀x₁', (_b, make) => {
    expect(Array.from(gradient(f, make(), [2, 3]) as ArrayLike<number>)).toEqual([3, 2]);
  });
  test.prop([real, real], { numRuns: 10 })('every backend at random points', (a, b) => {
    for (const [, make] of first) expectClose(gradient(f, make(), [a, b]), [b, a], 1e-12, 1e-12);
  });
  it.each(pairs)('%s gives the exact hvp and Hessian of x₀²x₁', (_p, make) => {
    // g = x₀·f(x) = x₀²x₁: H = [[2x₁, 2x₀], [2x₀, 0]].
    const g = (x: RealArray): Real => mul(at(x, 0), f(x));
    expectClose(hvp(g, make(), [2, 3], [1, -1]), [6 - 4, 4], 1e-12, 1e-12);
    expectClose(hessian(g, make(), [2, 3]).data, [6, 4, 4, 0], 1e-12, 1e-12);
  });
});

describe('the fallback is reported', () => {
  it.each(first)(
    '%s: one onFallback event saying the rule closes over a value being differentiated',
    (_b, make) => {
      const events: FallbackEvent[] = [];
      const b = { ...make(), onFallback: (e: FallbackEvent) => events.push(e) } as Backend;
      gradient(viaRrule, b, [2, 3]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        functionName: 'scaledBy',
        replacement: 'traced body',
      });
      expect(events[0].reason).toMatch(
        /scaledBy: its rrule closes over a value being differentiated .*Pass that value to scaledBy as an argument/,
      );
    },
  );

  it('names the mode and the part of the rule', () => {
    const events: FallbackEvent[] = [];
    const onFallback = (e: FallbackEvent) => events.push(e);
    gradient(issueExample, forward({ onFallback }), [2, 3]);
    gradient(viaPartials, reverse({ onFallback }), [2, 3]);
    expect(events.map((e) => [e.mode, e.reason.match(/its (\w+)/)?.[1]])).toEqual([
      ['forward', 'frule'],
      ['reverse', 'partials'],
    ]);
  });

  it('differentiateWith: says the function closes over the value and how to pass it', () => {
    const events: FallbackEvent[] = [];
    const onFallback = (e: FallbackEvent) => events.push(e);
    gradient(
      viaDifferentiateWith(() => forward()),
      reverse({ onFallback }),
      [2, 3],
    );
    expect(events).toHaveLength(1);
    expect(events[0].reason).toMatch(
      /the function closes over a value being differentiated .*as an argument, so that the backend it was given differentiates it/,
    );
  });

  it.each(first)(
    '%s with fallback: "error" throws FallbackError, not EscapedActiveError',
    (_b, make) => {
      for (const f of [issueExample, viaRrule, viaDifferentiateWith(() => reverse())]) {
        const b = { ...make(), fallback: 'error' } as Backend;
        const call = () => gradient(f, b, [2, 3]);
        expect(call).toThrow(FallbackError);
        expect(call).toThrow(/closes over a value being differentiated/);
        expect(call).toThrow(/Fallbacks are disabled \(fallback: 'error'\)/);
        expect(call).not.toThrow(/stored outside/);
      }
    },
  );

  it('a rule that uses only its arguments is not reported', () => {
    const events: FallbackEvent[] = [];
    const times = differentiable((u: Real, c: Real) => mul(u, c), {
      rrule: ([u, c]) => [mul(u, c), (dy) => [mul(dy as Real, c), mul(dy as Real, u)]],
    });
    const f = (x: RealArray): Real => times(at(x, 0), at(x, 1));
    for (const [, make] of first) {
      const b = { ...make(), onFallback: (e: FallbackEvent) => events.push(e) } as Backend;
      expectClose(gradient(f, b, [2, 3]), [3, 2], 1e-15, 0);
    }
    expect(events).toEqual([]);
  });
});

describe('a pullback that alone closes over a value being differentiated', () => {
  // Its value does not show the capture: in reverse mode the pullback runs after the pass has
  // ended and cannot be traced any more. A typed error says what happened and what to do.
  const f = (x: RealArray): Real => {
    const c = at(x, 1);
    const h = differentiable(
      function lateCapture(u: Real) {
        return mul(u, 3);
      },
      { rrule: ([u]) => [mul(u, 3), (dy) => [mul(dy as Real, c)]] },
    );
    return mul(h(at(x, 0)), sin(c));
  };

  it.each([
    ['reverse()', () => gradient(f, reverse(quiet), [2, 3])],
    ['hvp, forward over reverse', () => hvp(f, secondOrder(forward(), reverse()), [2, 3], [1, 0])],
  ])('%s: EscapedActiveError naming the rule, not "stored outside"', (_name, call) => {
    expect(call).toThrow(EscapedActiveError);
    expect(call).toThrow(
      /The pullback returned by lateCapture's rrule used an active value after the reverse pass that created it had ended.*closes over a value being differentiated.*pass that value to lateCapture as an argument/,
    );
    expect(call).not.toThrow(/stored outside/);
  });

  it('forward mode calls the pullback during the pass: it sees the capture and traces the body', () => {
    // Traced, h is u·3: f = 3x₀·sin x₁.
    expectClose(
      gradient(f, forward(quiet), [2, 3]),
      [3 * Math.sin(3), 6 * Math.cos(3)],
      1e-12,
      1e-12,
    );
  });
});
