import type { Real, RealArray } from '../active.js';
import type { DifferentiableFunction } from '../differentiable.js';
import { nonDifferentiable } from '../non-differentiable.js';
import { broadcastLength, elementAt } from './internal/broadcast.js';
import { describe } from '../differentiable.js';

/**
 * Comparisons read primals: they are how generic code branches (`ifElse(lt(x, 0), …)`), and a
 * boolean has no derivative. Arrays compare elementwise, scalars broadcast.
 */

/** A comparison: a boolean for scalars, a `boolean[]` when an argument is an array. */
export interface Comparison {
  (a: Real, b: Real): boolean;
  (a: RealArray, b: Real | RealArray): boolean[];
  (a: Real | RealArray, b: RealArray): boolean[];
  (a: Real | RealArray, b: Real | RealArray): boolean | boolean[];
}

function comparison(
  name: string,
  op: (a: number, b: number) => boolean,
): DifferentiableFunction<Comparison> {
  // The arguments arrive primal-stripped (numbers, number arrays, Float64Arrays).
  const compare = (a: unknown, b: unknown): boolean | boolean[] => {
    if (typeof a === 'number' && typeof b === 'number') return op(a, b);
    const n = broadcastLength(name, [a, b]);
    if (n === -1) {
      throw new TypeError(
        `${name}: expected reals or arrays of reals, got ${describe(a)} and ${describe(b)}.`,
      );
    }
    const out: boolean[] = new Array<boolean>(n);
    for (let i = 0; i < n; i++) out[i] = op(elementAt(a, i) as number, elementAt(b, i) as number);
    return out;
  };
  return nonDifferentiable(compare, { name }) as unknown as DifferentiableFunction<Comparison>;
}

/** `a < b` on primals. */
export const lt = comparison('lt', (a, b) => a < b);
/** `a <= b` on primals. */
export const le = comparison('le', (a, b) => a <= b);
/** `a > b` on primals. */
export const gt = comparison('gt', (a, b) => a > b);
/** `a >= b` on primals. */
export const ge = comparison('ge', (a, b) => a >= b);
/** `a === b` on primals. */
export const eq = comparison('eq', (a, b) => a === b);
/** `a !== b` on primals. */
export const ne = comparison('ne', (a, b) => a !== b);
