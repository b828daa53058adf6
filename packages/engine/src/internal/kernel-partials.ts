import { isActive, withInterpreter, type Real, type RuleConfig } from '@pullback/rules-core';
import { ForwardInterpreter } from '../forward/interpreter.js';
import { Dual } from '../forward/values.js';
import type { BoundaryHandler } from './boundary.js';

/**
 * Mixed mode for `map`/`map2`: the scalar kernel is run once per element on dual numbers with
 * one lane per argument, and only its value and partials are kept (how ChainRules
 * differentiates broadcasting). One forward interpreter serves every element, so an element
 * costs the kernel's own operations, not a whole nested differentiation.
 */
export interface KernelPartials {
  readonly y: Float64Array;
  /** `partials[k][i]` = ∂f/∂(argument k) at element i. */
  readonly partials: Float64Array[];
}

/** Element `i` of an argument given as an array or a broadcast scalar. */
type Column = Float64Array | number;

/**
 * What mixed mode answers when the kernel closes over an active value: its partials with
 * respect to its arguments would miss that value's derivative (and a pullback run later would
 * find it escaped), so the caller traces `map`'s body instead, element by element.
 */
export const CAPTURES_ACTIVE = 'captures-active';

/**
 * Values and partials of `f` over the columns; `CAPTURES_ACTIVE` when an element's result
 * carries another differentiation's values (the kernel closes over one); `undefined` when it
 * is not a scalar at all (the caller then uses the function's rule).
 */
export function kernelPartials(
  f: (...args: Real[]) => unknown,
  columns: readonly Column[],
  n: number,
  config: RuleConfig,
  boundary: BoundaryHandler,
): KernelPartials | typeof CAPTURES_ACTIVE | undefined {
  const m = columns.length;
  const interp = new ForwardInterpreter(m, config, boundary);
  const y = new Float64Array(n);
  const partials = columns.map(() => new Float64Array(n));
  const seeds = columns.map((_, k) => Array.from({ length: m }, (_, j) => (j === k ? 1 : 0)));
  const ok = withInterpreter(interp, (): boolean | typeof CAPTURES_ACTIVE => {
    const args: Real[] = new Array<Real>(m);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < m; k++) {
        const c = columns[k];
        args[k] = new Dual(interp, typeof c === 'number' ? c : c[i], seeds[k]);
      }
      const r = f(...args);
      if (typeof r === 'number') {
        y[i] = r;
        continue;
      }
      if (!isActive(r)) return false;
      if (!(r instanceof Dual) || r.o !== interp || typeof r.v !== 'number') return CAPTURES_ACTIVE;
      y[i] = r.v;
      for (let k = 0; k < m; k++) {
        const d = r.d[k];
        if (typeof d !== 'number') return CAPTURES_ACTIVE;
        partials[k][i] = d;
      }
    }
    return true;
  });
  if (ok === CAPTURES_ACTIVE) return CAPTURES_ACTIVE;
  return ok ? { y, partials } : undefined;
}

/** True when `x` is a plain number or a numeric array the kernel can read directly. */
export function isNumericColumn(x: unknown): x is Column {
  return typeof x === 'number' || x instanceof Float64Array;
}

/** The values of an argument as a column, when they are plain numbers. */
export function columnOf(x: unknown): Column | undefined {
  if (typeof x === 'number' || x instanceof Float64Array) return x;
  if (Array.isArray(x) && x.every((v) => typeof v === 'number'))
    return Float64Array.from(x as number[]);
  if (isActive(x)) return undefined;
  return undefined;
}

/** An operand as both interpreters describe it for vectorised calls: a scalar (`n < 0`) or an array. */
export interface NumericOperand {
  readonly n: number;
  readonly s: number;
  readonly a: Float64Array | undefined;
}

/**
 * `map`/`map2`'s kernel over numeric operands (scalars broadcast): its values, its partials
 * and the common length; `undefined` when array lengths differ (the rule then reports it) or
 * the kernel is not a plain scalar function.
 */
export function mapOperands(
  fn: unknown,
  operands: readonly NumericOperand[],
  config: RuleConfig,
  boundary: BoundaryHandler,
): (KernelPartials & { readonly n: number }) | typeof CAPTURES_ACTIVE | undefined {
  if (typeof fn !== 'function') return undefined;
  const n = commonLength(operands);
  if (n === undefined) return undefined;
  const columns = operands.map((o) => (o.n >= 0 ? (o.a as Float64Array) : o.s));
  const kp = kernelPartials(fn as (...args: Real[]) => unknown, columns, n, config, boundary);
  return kp === undefined || kp === CAPTURES_ACTIVE ? kp : { ...kp, n };
}

/**
 * The number of elements `map`/`map2` produce over these operands: the arrays' common length
 * (scalars broadcast, two scalars give one element), or `undefined` when the lengths differ.
 */
export function commonLength(operands: readonly { readonly n: number }[]): number | undefined {
  const lengths = operands.filter((o) => o.n >= 0).map((o) => o.n);
  if (lengths.some((l) => l !== lengths[0])) return undefined;
  return lengths.length > 0 ? lengths[0] : 1;
}
