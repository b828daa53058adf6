import { differentiable, zeroTangent, type DifferentiableFunction } from '@pullback/rules-core';
import { interpretersInFlight } from '@pullback/rules-core/interpreter';
import { seesNumbersOnly, type Backend } from '../backends/backend.js';
import { holdsCaptured } from '../interpreters/rule-calls.js';
import { markOwnRules } from '../interpreters/rule-failure.js';
import { densify } from '../values/lift.js';
import { begin } from './context.js';
import { runValueAndPullback } from './pullback.js';
import { runValueAndPushforward } from './pushforward.js';
import type { ActiveOf, Differentiand } from './types.js';

/** The arguments a function of arguments `A` receives inside a differentiation. */
export type ActiveArgs<A extends readonly unknown[]> = { [K in keyof A]: ActiveOf<A[K]> };

/**
 * Makes `fn` differentiated by `backend` wherever it is called, inside any mode
 * (DifferentiationInterface's `DifferentiateWith`): forward mode inside a reverse pass for a
 * function with few inputs and many operations, finite differences for a black box that
 * cannot carry active values. Its arguments must be numbers, arrays or plain objects of them.
 *
 * @example
 * ```ts
 * const blackBox = differentiateWith((x: Float64Array) => legacySolver(x), finiteDifferences());
 * gradient((x) => sum(blackBox(x)), reverse(), x0);
 * ```
 */
export function differentiateWith<A extends readonly unknown[], Y>(
  fn: (...args: A) => Y,
  backend: Backend,
): DifferentiableFunction<((...args: A) => Y) & ((...args: ActiveArgs<A>) => ActiveOf<Y>)> {
  const onTuple = ((args: A) => fn(...args)) as Differentiand;
  const wrapped = differentiable(
    fn,
    {
      frule: (args, tangents) => {
        if (seesNumbersOnly(backend)) {
          // Differences see plain numbers only: a value being differentiated that `fn` closes
          // over would be dropped silently. A value of the innermost pass in the primal can only
          // come from such a capture (the calling pass is at most that deep and hands rules
          // their arguments one level down), so the primal goes back alone: the calling pass
          // finds the value in it and traces `fn` instead. (One more call of `fn`, next to
          // the differences' 2n.)
          const y0 = fn(...args);
          const top = interpretersInFlight().at(-1);
          if (top !== undefined && holdsCaptured(top, y0)) return [y0, zeroTangent as never];
        }
        const [y, dy] = runValueAndPushforward(
          onTuple,
          backend,
          args,
          densify(tangents, args),
          [],
          begin(backend, args),
        );
        return [y as Y, dy as never];
      },
      rrule: (args) => {
        const ctx = begin(backend, args);
        return [
          fn(...args),
          (dy) => runValueAndPullback(onTuple, backend, args, dy, [], ctx)[1] as never,
        ];
      },
    },
    { name: fn.name || 'differentiateWith(fn)' },
  );
  // Its rules are pullback's: an error from `fn` inside them is `fn`'s own, not a rule's.
  markOwnRules(wrapped);
  // Called inside a differentiation, `fn`'s rules receive the active arguments: both signatures hold.
  return wrapped as DifferentiableFunction<
    ((...args: A) => Y) & ((...args: ActiveArgs<A>) => ActiveOf<Y>)
  >;
}
