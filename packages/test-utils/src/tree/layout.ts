import { isActive, primal } from '@pullback/rules-core';
import { isPlainObject } from './clone.js';

/**
 * The shape of a value as differentiation sees it (FiniteDifferences.jl's `to_vec`): which
 * leaves are reals, in which containers, and which parts have no tangent space. Everything the
 * testers do numerically goes through a layout: flatten to a vector, perturb, rebuild.
 */
export type Layout =
  | { readonly kind: 'number'; readonly size: 1 }
  | { readonly kind: 'array'; readonly size: number; readonly typed: boolean }
  | {
      readonly kind: 'matrix';
      readonly size: number;
      readonly rows: number;
      readonly cols: number;
      readonly typed: boolean;
    }
  | { readonly kind: 'tuple'; readonly size: number; readonly items: readonly Layout[] }
  | {
      readonly kind: 'record';
      readonly size: number;
      readonly keys: readonly string[];
      readonly fields: readonly Layout[];
    }
  | { readonly kind: 'constant'; readonly size: 0; readonly value: unknown };

/** A layout for a value with no tangent space (a string, a flag, a function, an index). */
export function constantLayout(value: unknown): Layout {
  return { kind: 'constant', size: 0, value };
}

/** True for `{ rows, cols, data }` with integer sizes and `rows * cols` numeric entries. */
export function isMatrixLike(
  v: unknown,
): v is { rows: number; cols: number; data: ArrayLike<number> } {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 3 || !('rows' in v) || !('cols' in v) || !('data' in v)) return false;
  const { rows, cols, data } = v;
  if (
    !Number.isInteger(rows) ||
    !Number.isInteger(cols) ||
    (rows as number) < 0 ||
    (cols as number) < 0
  ) {
    return false;
  }
  if (!(data instanceof Float64Array) && !isNumberArray(data)) return false;
  return (data as ArrayLike<number>).length === (rows as number) * (cols as number);
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((e) => typeof e === 'number');
}

/** The layout of a primal value. Active values count as what their primal is. */
export function layoutOf(value: unknown): Layout {
  const v = isActive(value) ? primal(value) : value;
  if (typeof v === 'number') return { kind: 'number', size: 1 };
  if (v instanceof Float64Array) return { kind: 'array', size: v.length, typed: true };
  if (Array.isArray(v)) {
    if (v.every((e) => typeof e === 'number' || (isActive(e) && typeof primal(e) === 'number'))) {
      return { kind: 'array', size: v.length, typed: false };
    }
    const items = v.map(layoutOf);
    return { kind: 'tuple', size: items.reduce((s, l) => s + l.size, 0), items };
  }
  if (isMatrixLike(v)) {
    return {
      kind: 'matrix',
      size: v.rows * v.cols,
      rows: v.rows,
      cols: v.cols,
      typed: v.data instanceof Float64Array,
    };
  }
  if (isPlainObject(v) && !Object.isFrozen(v)) {
    const keys = Object.keys(v);
    const fields = keys.map((k) => layoutOf(v[k]));
    return { kind: 'record', size: fields.reduce((s, l) => s + l.size, 0), keys, fields };
  }
  return constantLayout(v);
}
