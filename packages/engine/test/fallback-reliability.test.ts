import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  ActiveCoercionError,
  differentiable,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';
import {
  derivative,
  FallbackError,
  forward,
  gradient,
  jacobian,
  reverse,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { badcopy } from '../../../examples/src/talk/copies.js';
import { expectClose } from './helpers.js';

// Every black-box fallback estimates its error from a fourth evaluation along each direction
// (x − h, x, x + h, x + 2h): the third difference |f₂ − 3f₁ + 3f₀ − f₋₁|/6h is h²|f'''|/6 for
// a smooth f, and as large as the difference itself across a jump or kink. Differences known
// to be garbage throw FallbackError, under 'auto' too.

/** The plain `Math` function applied to an active value: only a black box can run it. */
const coercing =
  (fn: (v: number) => number) =>
  (x: Real): number =>
    fn(x as unknown as number);

const modes: [string, (o?: object) => Backend][] = [
  ['reverse()', (o) => reverse(o)],
  ['forward()', (o) => forward(o)],
];

const garbage: [string, (x: Real) => number, number][] = [
  ['Math.floor at 2 (a jump)', coercing(Math.floor), 2],
  ['Math.sign at 0 (an odd jump)', coercing(Math.sign), 0],
  ['Math.max(x, 0) at 0 (a kink)', coercing((v) => Math.max(v, 0)), 0],
  ['Math.abs at 0 (a kink)', coercing(Math.abs), 0],
  ['a branch on the value at its threshold', coercing((v) => (v < 1 ? v : 3 * v)), 1],
];

describe.each(modes)('black-box differences with %s', (_name, make) => {
  it.each(garbage)('%s throw FallbackError under auto, never a number', (_case, f, x0) => {
    const events: FallbackEvent[] = [];
    let thrown: unknown;
    try {
      derivative(f as never, make({ onFallback: (e: FallbackEvent) => events.push(e) }), x0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FallbackError);
    const { event, message, cause } = thrown as FallbackError;
    expect(event.reliable).toBe(false);
    expect(typeof event.errorEstimate).toBe('number');
    expect(event.errorEstimate).toBeGreaterThan(0.1);
    expect(cause).toBeInstanceOf(ActiveCoercionError);
    expect(message).toMatch(/unreliable/);
    expect(message).toMatch(/jump or kink/);
    // Refused, not delivered: nothing reports a fallback that did not happen.
    expect(events).toEqual([]);
  });

  it('a jump inside a differentiable boundary deep in f still throws', () => {
    const stair = differentiable(function stair(v: Real): number {
      return Math.floor(v as unknown as number);
    });
    const f = (x: RealArray) => add(mul(at(x, 0), at(x, 1)), stair(at(x, 0)) as never);
    expect(() => gradient(f, make({ onFallback: () => undefined }), [2, 3])).toThrow(
      /stair.*unreliable/,
    );
  });

  it('away from the jump the same function is reliable, with derivative 0', () => {
    const events: FallbackEvent[] = [];
    const d = derivative(
      coercing(Math.floor) as never,
      make({ onFallback: (e: FallbackEvent) => events.push(e) }),
      2.5,
    );
    expect(d).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reliable: true, errorEstimate: 0 });
  });

  it('the estimate is the central difference’s actual error for a smooth function', () => {
    // exp(10x) at 0.5: h = 6.06e-6, so h²·|f'''|/6 = h²·1000·e⁵/6 ≈ 9.1e-7, two orders above
    // rounding (ε·e⁵/h ≈ 5e-9); the actual error of the difference is that same term.
    const events: FallbackEvent[] = [];
    const f = coercing((v) => Math.exp(10 * v));
    const d = derivative(
      f as never,
      make({ onFallback: (e: FallbackEvent) => events.push(e) }),
      0.5,
    );
    const exact = 10 * Math.exp(5);
    const h = 6.055454452393343e-6;
    const predicted = (h * h * 1000 * Math.exp(5)) / 6;
    expect(events[0].reliable).toBe(true);
    expect(events[0].errorEstimate).toBeGreaterThan(0.8 * predicted);
    expect(events[0].errorEstimate).toBeLessThan(1.2 * predicted);
    expect(Math.abs((d as number) - exact)).toBeGreaterThan(0.8 * predicted);
    expect(Math.abs((d as number) - exact)).toBeLessThan(1.2 * predicted);
  });

  it('fallback: "error" refuses before running: no estimate, reliable false', () => {
    let thrown: unknown;
    try {
      derivative(coercing(Math.exp) as never, make({ fallback: 'error' }), 1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FallbackError);
    expect((thrown as FallbackError).event.errorEstimate).toBeNaN();
    expect((thrown as FallbackError).event.reliable).toBe(false);
    expect((thrown as FallbackError).message).toMatch(/fallbacks are disabled/);
  });

  // Smooth functions stay reliable at random points. Their estimates are about h²|f'''/f'|/6
  // relative, with h = 6e-6·max(1, |x|): at most 6e-12·x² here (exp: 2.4e-9 at |x| = 20;
  // sin: 6e-8 at |x| = 100), far below the 1e-2 at which an entry is judged garbage; x² and
  // badcopy are exact but for rounding, which the judgement allows for.
  const smooth: [string, (v: number) => number, (v: number) => number, number][] = [
    ['exp', Math.exp, Math.exp, 20],
    ['sin', Math.sin, Math.cos, 100],
    ['x²', (v) => v * v, (v) => 2 * v, 1e3],
  ];
  for (const [fname, fn, dfn, range] of smooth) {
    test.prop([fc.double({ min: -range, max: range, noNaN: true })])(
      `${fname} is reliable at random points, and right`,
      (x0) => {
        const events: FallbackEvent[] = [];
        const d = derivative(
          coercing(fn) as never,
          make({ onFallback: (e: FallbackEvent) => events.push(e) }),
          x0,
        );
        expect(events).toHaveLength(1);
        expect(events[0].reliable).toBe(true);
        // Truncation ≤ 6e-8 (sin at 100), rounding ε·|f|/h ≤ 4e-11·|f|·max(1,|x|)⁻¹.
        expectClose([d as number], [dfn(x0)], 1e-7, 1e-6);
      },
    );
  }

  test.prop([
    fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 6 }),
  ])('badcopy is reliable at random points, and its Jacobian is the identity', (xs) => {
    const events: FallbackEvent[] = [];
    const J = jacobian(
      badcopy,
      make({ onFallback: (e: FallbackEvent) => events.push(e) }),
      Float64Array.from(xs),
    );
    expect(events.map((e) => e.reliable)).toEqual([true]);
    const n = xs.length;
    // A copy is linear: only the rounding of x ± h, about ε·|x|/h ≈ 4e-11 of the entry.
    expectClose(
      J.data,
      Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0)),
      0,
      1e-8,
    );
  });
});
