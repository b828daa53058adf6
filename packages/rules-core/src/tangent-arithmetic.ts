import { TANGENT_KIND } from './symbols.js';

/**
 * ChainRules' tangent arithmetic for the math vocabulary: `mul(zeroTangent, x)` is
 * `zeroTangent`, `add(zeroTangent, t)` is `t`, thunks are unthunked. A call holding a
 * structural tangent (a strong zero, `noTangent` or a thunk) never reaches an interpreter or a
 * body: the dispatch (`differentiable`'s slow path) hands it to the function's tangent rule
 * here. The check is made only where a call already left the fast path of plain numbers and one
 * interpreter's values.
 */

/** What a function does with a call holding structural tangents. */
export type TangentRule = (args: readonly unknown[]) => unknown;

const rules = new WeakMap<object, TangentRule>();

/**
 * Declares what `fn` (a differentiable function) does when called with structural tangents.
 * @internal
 */
export function defineTangentRule(fn: object, rule: TangentRule): void {
  rules.set(fn, rule);
}

/**
 * The tangent rule of `fn`, if it has one.
 * @internal
 */
export function tangentRuleOf(fn: unknown): TangentRule | undefined {
  return typeof fn === 'function' ? rules.get(fn) : undefined;
}

/**
 * True when `a` is a strong zero, `noTangent` or a thunk (one property load on an object).
 * @internal
 */
export function isStructuralTangent(a: unknown): boolean {
  return (
    typeof a === 'object' &&
    a !== null &&
    (a as { [TANGENT_KIND]?: unknown })[TANGENT_KIND] !== undefined
  );
}

/**
 * True when a top-level argument is a structural tangent.
 * @internal
 */
export function holdsStructuralTangent(args: readonly unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (isStructuralTangent(args[i])) return true;
  return false;
}
