import { describe, expect, it } from 'vitest';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, map, mul, setAt, sum } from '@pullback/rules-core/math';
import {
  FallbackError,
  forward,
  gradient,
  hvp,
  jacobian,
  jacobianSparsity,
  reverse,
  secondOrder,
  sparse,
  toDense,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// User code that catches the ActiveCoercionError and carries on would drop the derivative
// silently. The coercion is recorded when it happens, so the boundary the body returns through
// falls back (and reports) as if it had thrown. Central differences of these smooth functions
// at unit scale are good to ~1e-10 relative; 1e-7 leaves room for curvature.
const FD = 1e-7;

/** log(x₀)·x₁, with the log taken in a try/catch that swallows the coercion. */
function swallowingLog(x: RealArray): Real {
  let v: Real;
  try {
    v = Math.log(at(x, 0) as never);
  } catch {
    v = 0;
  }
  return mul(v, at(x, 1));
}

const modes: [string, (o?: object) => Backend][] = [
  ['reverse()', (o) => reverse(o)],
  ['forward()', (o) => forward(o)],
];

describe.each(modes)('a coercion caught inside f, with %s', (_name, make) => {
  it('the issue’s case falls back to the right gradient and reports it', () => {
    const events: FallbackEvent[] = [];
    const g = gradient(
      swallowingLog,
      make({ onFallback: (e: FallbackEvent) => events.push(e) }),
      [2, 3],
    );
    expectClose(g, [3 / 2, Math.log(2)], FD);
    expect(events).toHaveLength(1);
    expect(events[0].functionName).toBe('swallowingLog');
    expect(events[0].reason).toMatch(/caught that error itself/);
  });

  it('fallback: "error" throws FallbackError', () => {
    expect(() => gradient(swallowingLog, make({ fallback: 'error' }), [2, 3])).toThrow(
      FallbackError,
    );
  });

  it('inside a differentiable body: only that boundary falls back', () => {
    const events: FallbackEvent[] = [];
    const inner = differentiable(function catchingSquare(v: Real): Real {
      try {
        return Number(v) ** 2;
      } catch {
        return 0;
      }
    });
    const f = (x: RealArray) => mul(at(x, 1), inner(at(x, 0)));
    const g = gradient(f, make({ onFallback: (e: FallbackEvent) => events.push(e) }), [3, 2]);
    expectClose(g, [12, 9], FD);
    expect(events.map((e) => e.functionName)).toEqual(['catchingSquare']);
  });

  it('a write into a Float64Array through setAt, caught', () => {
    // As written, f = x₁·(3x₀ + 3x₀); with the failed write swallowed AD would see x₁·3x₀.
    const f = (x: RealArray): Real => {
      const buffer = new Float64Array(1);
      try {
        setAt(buffer, 0, mul(at(x, 0), 3));
      } catch {
        buffer[0] = 0;
      }
      return mul(at(x, 1), add(sum(buffer), mul(3, at(x, 0))));
    };
    expectClose(gradient(f, make({ onFallback: () => undefined }), [1, 2]), [12, 6], FD);
  });

  it('a map kernel that catches the coercion of its element', () => {
    const kernel = (e: Real): Real => {
      try {
        return Math.exp(e as never);
      } catch {
        return 0;
      }
    };
    const f = (x: RealArray) => sum(map(kernel, x));
    const x = [0.5, -1];
    const g = gradient(f, make({ onFallback: () => undefined }), x);
    expectClose(g, x.map(Math.exp), FD);
  });
});

describe('a coercion caught inside f under second order', () => {
  it('an hvp falls back to nested differences instead of dropping the term', () => {
    // f = x₁·log(x₀): H v with v = (1, 0) is (−x₁/x₀², 1/x₀).
    const v = hvp(
      swallowingLog,
      secondOrder(
        forward({ onFallback: () => undefined }),
        reverse({ onFallback: () => undefined }),
      ),
      [2, 3],
      [1, 0],
    );
    // Nested central differences: about 1e-5 (see fallback.test.ts).
    expectClose(v, [-3 / 4, 1 / 2], 1e-4, 1e-4);
  });
});

describe('sparsity detection', () => {
  it('a caught coercion makes the pattern dense rather than missing a dependency', () => {
    for (const detector of ['global', 'local'] as const) {
      const p = jacobianSparsity((x: RealArray) => [swallowingLog(x)] as never, detector, [2, 3]);
      expect([Array.from(p.rowPtr), Array.from(p.colIdx)]).toEqual([
        [0, 2],
        [0, 1],
      ]);
    }
  });

  it('so a sparse Jacobian is still right', () => {
    const f = (x: RealArray) => [swallowingLog(x), mul(at(x, 1), 2)];
    const J = jacobian(f as never, sparse(forward({ onFallback: () => undefined })), [2, 3]);
    expectClose(toDense(J).data, [3 / 2, Math.log(2), 0, 2], FD);
  });
});
