import { UnsupportedInputError } from '../errors.js';
import { describe } from '../tree/describe.js';

/**
 * A batch of directions (DifferentiationInterface's tuple of tangents): `pushforward`,
 * `pullback` and `hvp` given one return one result per direction, from one chunked forward
 * pass or one recording swept several times. The brand keeps a batch from ever being read as
 * one tangent of an `x` that is itself an array of arrays.
 */

const BATCH: unique symbol = Symbol.for('@pullback/engine/tangents') as never;

/** Directions made by `tangents(t1, t2, …)`; read them with `items`. */
export interface TangentBatch<T = unknown> {
  /** The brand that tells a batch from a tangent. */
  readonly [BATCH]: true;
  /** The directions, in the order given. */
  readonly items: readonly T[];
  /** How many directions the batch holds. */
  readonly length: number;
}

/**
 * Wraps directions (tangents of `x` for `pushforward` and `hvp`, cotangents of `f(x)` for
 * `pullback`) into a batch; the operator then returns an array with one result per direction.
 *
 * @example
 * ```ts
 * const [j1, j2] = pushforward(f, forward(), x, tangents(e1, e2));
 * ```
 */
export function tangents<T>(...directions: T[]): TangentBatch<T> {
  if (directions.length === 0) {
    throw new UnsupportedInputError(
      'tangents() needs at least one direction: pass the directions as arguments, ' +
        'tangents(t1, t2, …).',
    );
  }
  return Object.freeze({
    [BATCH]: true as const,
    items: Object.freeze([...directions]),
    length: directions.length,
  });
}

/** True when `v` is a batch made by `tangents(…)`. */
export function isTangentBatch(v: unknown): v is TangentBatch {
  return typeof v === 'object' && v !== null && (v as { [BATCH]?: unknown })[BATCH] === true;
}

/**
 * The directions of `t`: its items when it is a batch, else `t` alone. `batched` tells the
 * caller whether to return an array.
 */
export function directionsOf(t: unknown): { batched: boolean; items: readonly unknown[] } {
  return isTangentBatch(t) ? { batched: true, items: t.items } : { batched: false, items: [t] };
}

/** Refuses a batch where an operator takes one value (`x`, or an extra argument). */
export function refuseBatch(operator: string, name: string, v: unknown): void {
  if (!isTangentBatch(v)) return;
  throw new UnsupportedInputError(
    `${operator}: ${name} is a batch of ${v.length} directions (${describe(v.items)}), but ` +
      `only the direction argument of pushforward, pullback and hvp takes tangents(…).`,
  );
}
