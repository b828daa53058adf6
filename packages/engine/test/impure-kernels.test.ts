import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  differentiable,
  EscapedActiveError,
  primal,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { gt, ifElse, map, map2, mul, neg, square, sum } from '@pullback/rules-core/math';
import {
  FallbackError,
  forward,
  gradient,
  hvp,
  reverse,
  UnsupportedInputError,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// Issue 11, item 16: a map/map2 kernel used to be traced once per call, so a kernel that is not
// a pure function of its arguments (a counter, a random mask, a captured array that grows) gave
// every element the first element's numbers. Each element must see the kernel as plain
// evaluation does: called once, in order. The derivatives below are exact products of the
// numbers involved, so they are compared to 1e-15.

const v = Float64Array.from([0.5, -1.25, 2, 0.75, -0.5]);
const w = [3, -2, 5, 7, 11];
const tangent = Float64Array.from([1, -1, 0.5, 2, -3]);

/** A deterministic stand-in for Math.random: a fixed sequence, restarted by `reset`. */
function seededRandom(): { reset: () => void; draws: () => number } {
  let k = 0;
  const sequence = [0.9, 0.2, 0.7, 0.1, 0.6, 0.3, 0.8, 0.4, 0.95, 0.05];
  vi.spyOn(Math, 'random').mockImplementation(() => sequence[k++ % sequence.length]);
  return {
    reset: () => {
      k = 0;
    },
    draws: () => k,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Collects events, and the backends to run: forward and reverse mode, both reporting. */
function reporting(): {
  events: FallbackEvent[];
  backends: ReturnType<typeof forward | typeof reverse>[];
} {
  const events: FallbackEvent[] = [];
  const onFallback = (e: FallbackEvent): void => {
    events.push(e);
  };
  return { events, backends: [forward({ onFallback }), reverse({ onFallback })] };
}

/** Reverse mode whose fallbacks a test expects: they land in `into` instead of a warning. */
const listening = (into: FallbackEvent[] = []) =>
  reverse({ onFallback: (e: FallbackEvent) => void into.push(e) });

describe('impure map kernels run per element, as plain evaluation does', () => {
  it('a counter w[i++]: every element gets its own weight (forward, reverse, hvp)', () => {
    let i = 0;
    const f = (x: RealArray): Real => {
      i = 0;
      return sum(map((e: Real) => mul(square(e), w[i++]), x));
    };
    const { events, backends } = reporting();
    for (const backend of backends) {
      expectClose(
        gradient(f, backend, v),
        Array.from(v, (e, k) => 2 * e * w[k]),
        1e-15,
      );
      expect(i).toBe(v.length); // one call per element, as plain evaluation makes
    }
    expectClose(
      hvp(f, listening(), v, tangent),
      Array.from(tangent, (t, k) => 2 * w[k] * t),
      1e-15,
    );
    expect(i).toBe(v.length);
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e).toMatchObject({
        replacement: 'per-element evaluation',
        lintRule: '@pullback/no-impure-kernel',
      });
      expect(e.reason).toMatch(/computed differently on its first two elements/);
    }
  });

  it('a counter in a map2 kernel, and under fallback: error it is refused', () => {
    let i = 0;
    const f = (x: RealArray): Real => {
      i = 0;
      return sum(map2((a: Real, b: Real) => mul(mul(a, b), w[i++]), x, x));
    };
    expectClose(
      gradient(f, listening(), v),
      Array.from(v, (e, k) => 2 * e * w[k]),
      1e-15,
    );
    expect(() => gradient(f, reverse({ fallback: 'error' }), v)).toThrow(FallbackError);
    expect(() => gradient(f, forward({ fallback: 'error' }), v)).toThrow(/no-impure-kernel/);
  });

  it('a Math.random dropout mask is drawn once per element (forward, reverse, hvp)', () => {
    const random = seededRandom();
    const dropout = (e: Real): Real => mul(square(e), Math.random() < 0.5 ? 0 : 2);
    const f = (x: RealArray): Real => sum(map(dropout, x));
    // The mask plain evaluation draws: the sequence's first five numbers, in order.
    random.reset();
    const mask = Array.from(v, () => (Math.random() < 0.5 ? 0 : 2));
    const { events, backends } = reporting();
    for (const backend of backends) {
      random.reset();
      expectClose(
        gradient(f, backend, v),
        Array.from(v, (e, k) => 2 * e * mask[k]),
        1e-15,
      );
      expect(random.draws()).toBe(v.length);
    }
    random.reset();
    expectClose(
      hvp(f, listening(), v, tangent),
      Array.from(tangent, (t, k) => 2 * mask[k] * t),
      1e-15,
    );
    expect(random.draws()).toBe(v.length);
    expect(events.map((e) => e.reason)).toEqual([
      expect.stringMatching(/calls Math.random/),
      expect.stringMatching(/calls Math.random/),
    ]);
  });

  it('a kernel pushing to a captured array sees it grow by one per element', () => {
    let seen: Real[] = [];
    const f = (x: RealArray): Real => {
      seen = [];
      return sum(
        map((e: Real) => {
          seen.push(e);
          return mul(square(e), seen.length);
        }, x),
      );
    };
    for (const backend of reporting().backends) {
      expectClose(
        gradient(f, backend, v),
        Array.from(v, (e, k) => 2 * e * (k + 1)),
        1e-15,
      );
      expect(seen).toHaveLength(v.length);
      // What the kernel kept is dead once map has returned, and says so.
      expect(() => primal(seen[0])).toThrow(EscapedActiveError);
    }
    expectClose(
      hvp(f, listening(), v, tangent),
      Array.from(tangent, (t, k) => 2 * (k + 1) * t),
      1e-15,
    );
  });

  it('a counter in a kernel that also branches on a value: its first call is not repeated', () => {
    let i = 0;
    const f = (x: RealArray): Real => {
      i = 0;
      return sum(
        map((e: Real) => {
          const weight = w[i++];
          return ifElse(gt(e, 0), mul(e, weight), neg(e));
        }, x),
      );
    };
    const expected = Array.from(v, (e, k) => (e > 0 ? w[k] : -1));
    expectClose(gradient(f, reverse(), v), expected, 1e-15);
    expect(i).toBe(v.length);
    expectClose(gradient(f, forward(), v), expected, 1e-15);
    expect(i).toBe(v.length);
  });

  it('a kernel whose second call cannot be recorded is a typed error, not a wrong answer', () => {
    const cube = differentiable((a: Real): Real => mul(a, square(a)), {
      frule: ([a], [da]) => [mul(a, square(a)), mul(mul(3, square(a)), da as Real)],
      rrule: ([a]) => [mul(a, square(a)), (dy) => [mul(mul(3, square(a)), dy as Real)]],
    });
    let calls = 0;
    const f = (x: RealArray): Real => {
      calls = 0;
      return sum(map((e: Real) => (calls++ === 0 ? mul(e, 2) : cube(e)), x));
    };
    expect(() => gradient(f, reverse(), v)).toThrow(UnsupportedInputError);
    expect(() => gradient(f, reverse(), v)).toThrow(/no-impure-kernel/);
  });

  it('pure kernels are compiled and never reported', () => {
    const { events, backends } = reporting();
    const c = 1.5;
    const f = (x: RealArray): Real => sum(map((e: Real) => mul(square(e), c), x));
    for (const backend of backends) {
      expectClose(
        gradient(f, backend, v),
        Array.from(v, (e) => 3 * e),
        1e-15,
      );
    }
    expect(events).toEqual([]);
  });

  it('a kernel that stores its argument in a captured variable is told so when it is used', () => {
    for (const backend of [reverse(), forward()]) {
      const f = (x: RealArray): Real => {
        let saved: Real = 0;
        const y = map((e: Real) => {
          saved = e;
          return mul(e, 2);
        }, x);
        return mul(sum(y), saved);
      };
      expect(() => gradient(f, backend, v)).toThrow(EscapedActiveError);
      expect(() => gradient(f, backend, v)).toThrow(/map\/map2 kernel stored its argument.*pure/);
    }
  });
});
