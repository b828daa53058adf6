import { describe, it } from 'vitest';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, square } from '@pullback/rules-core/math';
import {
  forward,
  prepareGradient,
  prepareHvp,
  prepareJacobian,
  preparePullback,
  reverse,
  secondOrder,
  type Backend,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

/**
 * Issue 11, item 5: a prepared object keeps one tape between calls. Re-entered while it runs
 * (a rule's pullback, or `f` itself, calling the same prepared object), it used to reset that
 * tape in the middle of the outer call's sweep, and the outer result was wrong. A re-entered
 * call now records on tapes of its own.
 */

/** Something the re-entrant call can run on: the prepared object, set after it is made. */
interface Hook {
  call?: () => unknown;
  inner?: unknown;
  depth: number;
}

/** `t²` whose pullback first runs `hook.call` once (not from inside itself). */
function squareCalling(hook: Hook) {
  return differentiable((t: Real) => mul(t, t), {
    rrule: ([t]) => [
      mul(t, t),
      (dy) => {
        if (hook.depth === 0 && hook.call !== undefined) {
          hook.depth++;
          try {
            hook.inner = hook.call();
          } finally {
            hook.depth--;
          }
        }
        return [mul(dy as Real, mul(2, t))];
      },
    ],
  });
}

/** f(x) = x₀² + Σ sin(xᵢ)·xᵢ, with the square recorded first so the sweep reaches it last. */
const build = (hook: Hook) => {
  const sq = squareCalling(hook);
  return (x: RealArray): Real => {
    let s = sq(at(x, 0));
    for (let i = 0; i < x.length; i++) s = add(s, mul(sin(at(x, i)), at(x, i)));
    return s;
  };
};
const grad = (x: readonly number[]) =>
  x.map((v, i) => (i === 0 ? 2 * v : 0) + Math.sin(v) + v * Math.cos(v));

const x = new Float64Array([0.3, -1.2, 2.1, 0.7]);
const other = new Float64Array([1.5, 0.2, -0.4, 1.1]);

describe('a prepared gradient re-entered from a pullback during its own sweep', () => {
  it.each([
    ['reverse()', reverse()],
    ['secondOrder(forward(), reverse())', secondOrder(forward(), reverse())],
  ] as [string, Backend][])('gives the right outer and inner gradients (%s)', (_n, b) => {
    const hook: Hook = { depth: 0 };
    const p = prepareGradient(build(hook), b, x);
    hook.call = () => p.gradient(other);
    // Exact up to round-off: the same operations as the analytic formula.
    expectClose(p.gradient(x), grad(Array.from(x)), 1e-14);
    expectClose(hook.inner, grad(Array.from(other)), 1e-14);
    // And the preparation still works afterwards, reusing its tape.
    hook.call = undefined;
    expectClose(p.gradient(other), grad(Array.from(other)), 1e-14);
  });

  it('a prepared Jacobian keeps its remaining rows right after a re-entrant call', () => {
    const hook: Hook = { depth: 0 };
    const sq = squareCalling(hook);
    const f = (v: RealArray) => [sq(at(v, 0)), mul(at(v, 1), at(v, 0)), square(at(v, 1))];
    const p = prepareJacobian(f, reverse(), [1, 2]);
    hook.call = () => p.jacobian([3, 4]);
    expectClose(p.jacobian([1, 2]).data, [2, 0, 2, 1, 0, 4], 1e-15);
    expectClose((hook.inner as { data: Float64Array }).data, [6, 0, 4, 3, 0, 8], 1e-15);
  });

  it('a prepared pullback re-entered from a pullback', () => {
    const hook: Hook = { depth: 0 };
    const f = build(hook);
    const p = preparePullback(f, reverse(), x);
    hook.call = () => p.pullback(other, 2);
    expectClose(p.pullback(x, 1), grad(Array.from(x)), 1e-14);
    expectClose(
      hook.inner,
      grad(Array.from(other)).map((g) => 2 * g),
      1e-14,
    );
  });
});

describe('a prepared object re-entered from f itself', () => {
  it('gradient: f calls the same preparation at another point', () => {
    const hook: Hook = { depth: 0 };
    const inner = build({ depth: 0 });
    const f = (v: RealArray): Real => {
      if (hook.depth === 0 && hook.call !== undefined) {
        hook.depth++;
        hook.inner = hook.call();
        hook.depth--;
      }
      return inner(v);
    };
    const p = prepareGradient(f, reverse(), x);
    hook.call = () => p.gradient(other);
    expectClose(p.gradient(x), grad(Array.from(x)), 1e-14);
    expectClose(hook.inner, grad(Array.from(other)), 1e-14);
  });

  it('hvp: a pullback calls the same preparation', () => {
    const hook: Hook = { depth: 0 };
    const f = build(hook);
    const p = prepareHvp(f, secondOrder(forward(), reverse()), x);
    const v = new Float64Array([1, 0, 0, 0]);
    hook.call = () => p.hvp(other, v);
    // ∂²f/∂x₀² = 2 + 2cos(x₀) − x₀ sin(x₀); the other entries of the first column are 0.
    const h = (t: number) => [2 + 2 * Math.cos(t) - t * Math.sin(t), 0, 0, 0];
    expectClose(p.hvp(x, v), h(x[0]), 1e-14);
    expectClose(hook.inner, h(other[0]), 1e-14);
  });
});
