import { ACTIVE, PRIMAL } from './symbols.js';
import type { Interpreter } from './interpreter/stack.js';

/**
 * An opaque value an engine is differentiating: a dual number, a taped scalar, a sparsity
 * tracer, a dense active array. Code handles it only through the math vocabulary, `primal`
 * and `at`; every attempt to coerce it to a primitive throws `ActiveCoercionError`.
 */
export interface Active {
  /** The interpreter that owns this value. */
  readonly [ACTIVE]: Interpreter;
  /** The value one level down: a number, an array, or an active value of a lower level. */
  readonly [PRIMAL]: unknown;
}

/** An active value that stands for a whole array (an engine's dense active array). */
export interface ActiveArray extends Active {
  /** Number of elements, so generic loops can run `for (let i = 0; i < x.length; i++)`. */
  readonly length: number;
}

/** A real scalar: a plain number, or an active value being differentiated. */
export type Real = number | Active;

/**
 * Any array of reals: `number[]`, `Real[]`, `Float64Array`, or an engine's dense active array.
 * Array operations of the math vocabulary accept every one of them.
 */
export type RealArray = readonly number[] | readonly Real[] | Float64Array | ActiveArray;

/** A dense row-major matrix; `data[i * cols + j]` is the entry at row `i`, column `j`. */
export interface Matrix<T extends RealArray = RealArray> {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The entries, row after row. */
  readonly data: T;
}

/** True when `x` is an active value of any engine and any level. */
export function isActive(x: unknown): x is Active {
  return typeof x === 'object' && x !== null && (x as Partial<Active>)[ACTIVE] !== undefined;
}

/**
 * The plain value under every level of activity: a number for an active scalar, a
 * `Float64Array` for an active array; anything else is returned as it is. Use it for control
 * flow (`if (primal(x) > 0)`) and printing: the derivative does not flow through it.
 */
export function primal<T>(x: T): T extends Active ? number : T;
export function primal(x: unknown): unknown {
  let v = x;
  while (isActive(v)) v = v[PRIMAL];
  return v;
}

/** True when `x` can be read as an array by the math vocabulary. */
export function isRealArray(x: unknown): x is RealArray {
  if (Array.isArray(x) || x instanceof Float64Array) return true;
  return isActive(x) && typeof (x as Partial<ActiveArray>).length === 'number';
}
