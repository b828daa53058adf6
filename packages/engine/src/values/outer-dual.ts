import type { ForwardInterpreter } from '../interpreters/forward.js';
import { Dual } from './dual.js';

/**
 * A reverse pass running on the duals of an outer forward pass (forward over reverse) keeps
 * each dual as plain numbers: its value and one tangent per lane. These helpers convert between
 * that split form and the duals that rules and the outer pass see.
 */

/**
 * The value of `x`, a number or a numeric dual of `outer`, with its tangent lanes written to
 * `tangents` (zeros for a number); `undefined` for anything else (a value of another level).
 */
export function splitOuterDual(
  x: unknown,
  outer: ForwardInterpreter,
  tangents: Float64Array,
): number | undefined {
  if (typeof x === 'number') {
    tangents.fill(0);
    return x;
  }
  if (!(x instanceof Dual) || x.owner !== outer || typeof x.value !== 'number') return undefined;
  const d = x.tangents;
  for (let j = 0; j < tangents.length; j++) {
    const t = d[j];
    if (typeof t !== 'number') return undefined;
    tangents[j] = t;
  }
  return x.value;
}

/** The dual of `outer` with value `v` and tangents `tangents(j)`; `v` itself when they are all zero. */
export function joinOuterDual(
  outer: ForwardInterpreter,
  v: number,
  tangents: (lane: number) => number,
): number | Dual {
  const lanes = outer.lanes;
  let d: number[] | undefined;
  for (let j = 0; j < lanes; j++) {
    const t = tangents(j);
    if (t !== 0 && d === undefined) d = new Array<number>(lanes).fill(0);
    if (d !== undefined) d[j] = t;
  }
  return d === undefined ? v : new Dual(outer, v, d, true);
}

/** The error for a value that should have been a number or a dual of the outer pass. */
export function notOuterDual(what: string): Error {
  return new Error(
    `${what} is neither a number nor a dual of the outer forward pass; this is an engine bug in the forward-over-reverse tape.`,
  );
}
