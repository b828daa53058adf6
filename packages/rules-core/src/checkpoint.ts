import { makeRecord, withRecord, recordOf, type DifferentiableFunction } from './differentiable.js';
import type { Frule, Rrule } from './rules.js';

/**
 * Gradient checkpointing (JAX's `checkpoint`, Zygote's `checkpointed`): a function whose
 * intermediate values are not kept for the reverse sweep but recomputed when the sweep reaches
 * it. Reverse mode then keeps only the function's arguments; its rule runs `fn` on plain values
 * going forward and, in the sweep, differentiates `fn` again at the kept arguments
 * (`config.rruleViaAD`) to pull the cotangent back. Checkpoints nest: a loop of `s` steps cut
 * into `√s` checkpointed segments of `√s` checkpointed steps keeps O(√s) states instead of
 * O(s), for about twice the forward work.
 */

/** Options of `checkpoint`. */
export interface CheckpointOptions {
  /** Name used in diagnostics; defaults to `fn.name`. */
  readonly name?: string;
}

/**
 * Marks `fn` for checkpointing: the result has `fn`'s signature and runs `fn` when nothing is
 * being differentiated. In reverse mode its intermediates are recomputed in the sweep instead
 * of kept on the tape; forward mode (and every other interpreter) goes through `fn`'s body as
 * if it were unmarked. The arguments it is differentiated in must be values operators accept
 * (numbers, arrays, plain objects of them): close over anything else.
 *
 * @example
 * ```ts
 * const step = checkpoint((x: RealArray) => add(x, mul(h, rhs(x))));
 * const segment = checkpoint((x: RealArray) => {
 *   for (let k = 0; k < 100; k++) x = step(x);
 *   return x;
 * });
 * ```
 */
export function checkpoint<A extends readonly unknown[], Y>(
  fn: (...args: A) => Y,
  options?: CheckpointOptions,
): DifferentiableFunction<(...args: A) => Y> {
  const frule: Frule<A, Y> = (args, tangents, config) => config.fruleViaAD(fn, args, tangents);
  const rrule: Rrule<A, Y> = (args, config) => {
    // `args` are values one level down: `fn` runs on them without recording anything here.
    const y = fn(...args);
    // In the sweep: recorded again from the kept arguments, swept once, and dropped.
    return [y, (dy) => config.rruleViaAD(fn, args)[1](dy)];
  };
  const record = makeRecord('checkpoint', fn, { frule, rrule }, options);
  return withRecord({ ...record, checkpoint: true }) as unknown as DifferentiableFunction<
    (...args: A) => Y
  >;
}

/** True when `f` was made by `checkpoint`. */
export function isCheckpoint(f: unknown): boolean {
  return recordOf(f)?.checkpoint === true;
}
