import { isActive, PRIMAL, type Real } from '@pullback/rules-core';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import { innerProduct } from '../tree/inner-product.js';
import { DESCEND, mapLeaves } from '../tree/walk.js';
import { conform, type ConcreteBackend } from './dense-passes.js';
import { valueAndGradient, valueAndPushforwards } from './passes.js';
import { structureOf } from '../tree/structure.js';
import type { FallbackOptions } from '../fallback/events.js';
import {
  checkMember,
  checkOptions,
  COMMON_KEYS,
  FIRST_ORDER,
  type CompileOptions,
  type FirstOrderBackend,
  type SecondOrderBackend,
} from './backend.js';

/**
 * Hessian-vector products `H v` for each `v` in `vs`, and the gradient they were taken
 * around. With a forward outer backend all directions ride one chunked pass over the inner
 * gradient (batched hvps); with a reverse outer backend each is the gradient of `⟨∇f, v⟩`
 * (or of the inner pushforward along `v`).
 */
export function gradientAndHvps(
  f: UserFunction,
  outer: ConcreteBackend,
  inner: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  vs: readonly unknown[],
  ctx: PassContext,
): { y: Real; gradient: unknown; hvps: unknown[] } {
  let y: Real = 0;
  const grad = named(`the gradient of ${nameOf(f)}`, (xx: unknown) => {
    const r = valueAndGradient(f, inner, xx, rest, ctx);
    y = r.y;
    return r.gradient;
  });
  if (outer.kind !== 'reverse') {
    const { y: g, tys } = valueAndPushforwards(grad, outer, x, [], vs, ctx);
    // The value seen by the outer pass is one of its duals; its primal is the value here.
    // Finite differences last evaluated f at a shifted point, so it needs one more call.
    const value =
      outer.kind === 'finiteDifferences'
        ? valueAndGradient(f, inner, x, rest, ctx).y
        : isActive(y)
          ? (y[PRIMAL] as Real)
          : y;
    const xs = structureOf(x);
    return { y: value, gradient: conform(g, xs), hvps: tys.map((t) => conform(t, xs)) };
  }
  const base = valueAndGradient(f, inner, x, rest, ctx);
  const hvps = vs.map((v) => {
    const directional = named(`the directional derivative of ${nameOf(f)}`, (xx: unknown) =>
      inner.kind === 'forward'
        ? valueAndPushforwards(f, inner, xx, rest, [v], ctx).tys[0]
        : innerProduct(valueAndGradient(f, inner, xx, rest, ctx).gradient, v),
    );
    return valueAndGradient(directional, outer, x, [], ctx).gradient;
  });
  const xs = structureOf(x);
  return { y: base.y, gradient: base.gradient, hvps: hvps.map((h) => conform(h, xs)) };
}

/** `f(x)`, `f'(x)` and `f''(x)` for a function of one real. */
export function valueDerivativeAndSecond(
  f: UserFunction,
  outer: ConcreteBackend,
  inner: ConcreteBackend,
  x: Real,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; dy: unknown; d2y: unknown } {
  let y: unknown;
  const derivative = named(`the derivative of ${nameOf(f)}`, (xx: unknown) => {
    const r = valueAndPushforwards(f, inner, xx, rest, [1], ctx);
    y = r.y;
    return r.tys[0];
  });
  const { y: dy, tys } = valueAndPushforwards(derivative, outer, x, [], [1], ctx);
  if (outer.kind === 'finiteDifferences' || y === undefined)
    y = valueAndPushforwards(f, inner, x, rest, [1], ctx).y;
  else y = lowerOne(y);
  return { y, dy, d2y: tys[0] };
}

/** Strips one level from a value the outer pass produced (through arrays and objects). */
function lowerOne(y: unknown): unknown {
  // Plain objects are kept as they are (only arrays are looked inside), as ever.
  return mapLeaves(y, (node) =>
    isActive(node) ? node[PRIMAL] : Array.isArray(node) ? DESCEND : node,
  );
}

/** How a user's function is called in diagnostics. */
function nameOf(f: UserFunction): string {
  return f.name || 'the function';
}

/**
 * An inner derivative as the function the outer pass differentiates, named for diagnostics: a
 * fallback the outer pass reports then says whose derivative could not be differentiated.
 */
function named(name: string, g: (x: unknown) => unknown): UserFunction {
  Object.defineProperty(g, 'name', { value: name });
  return g as UserFunction;
}

/**
 * `outer` over `inner`: `secondOrder(forward(), reverse())` is forward-over-reverse. Both must
 * be first-order backends (`forward()`, `reverse()`, `finiteDifferences()` or `auto()`).
 */
export function secondOrder(
  outer: FirstOrderBackend,
  inner: FirstOrderBackend,
  options: FallbackOptions & CompileOptions = {},
): SecondOrderBackend {
  checkMember('secondOrder(outer, inner)', 'outer', outer, FIRST_ORDER);
  checkMember('secondOrder(outer, inner)', 'inner', inner, FIRST_ORDER);
  checkOptions('secondOrder', options, COMMON_KEYS);
  return { ...options, kind: 'secondOrder', outer, inner };
}
