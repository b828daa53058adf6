import { isActive, primal } from '@pullback/rules-core';
import { isPlainObject } from './clone.js';
import { kindOf } from './kind-of.js';
import type { Layout } from './layout.js';

/** Thrown when a value does not have the layout it is read with. */
export class LayoutMismatch extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path || 'value'}: ${detail}`);
  }
}

/** Writes the reals of `value` (laid out as `layout`) into `out` from `offset`; returns the end. */
export function flattenInto(
  layout: Layout,
  value: unknown,
  out: Float64Array,
  offset: number,
  path = '',
): number {
  const v = isActive(value) ? primal(value) : value;
  switch (layout.kind) {
    case 'number':
      if (typeof v !== 'number')
        throw new LayoutMismatch(path, `expected a number, got ${kindOf(v)}`);
      out[offset] = v;
      return offset + 1;
    case 'array':
      readArray(v, layout.size, out, offset, path);
      return offset + layout.size;
    case 'matrix': {
      if (!isPlainObject(v) || !('data' in v)) {
        throw new LayoutMismatch(
          path,
          `expected a ${layout.rows}x${layout.cols} matrix, got ${kindOf(v)}`,
        );
      }
      if (v.rows !== layout.rows || v.cols !== layout.cols) {
        throw new LayoutMismatch(
          path,
          `expected a ${layout.rows}x${layout.cols} matrix, got ${String(v.rows)}x${String(v.cols)}`,
        );
      }
      readArray(v.data, layout.size, out, offset, `${path}.data`);
      return offset + layout.size;
    }
    case 'tuple': {
      if (!Array.isArray(v) || v.length !== layout.items.length) {
        throw new LayoutMismatch(
          path,
          `expected an array of length ${layout.items.length}, got ${kindOf(v)}`,
        );
      }
      let at = offset;
      layout.items.forEach((item, i) => {
        at = flattenInto(item, v[i], out, at, `${path}[${i}]`);
      });
      return at;
    }
    case 'record': {
      if (!isPlainObject(v)) throw new LayoutMismatch(path, `expected an object, got ${kindOf(v)}`);
      let at = offset;
      layout.keys.forEach((key, i) => {
        at = flattenInto(layout.fields[i], v[key], out, at, `${path}.${key}`);
      });
      return at;
    }
    case 'constant':
      return offset;
  }
}

function readArray(v: unknown, n: number, out: Float64Array, offset: number, path: string): void {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    throw new LayoutMismatch(path, `expected an array of length ${n}, got ${kindOf(v)}`);
  }
  const xs = v as ArrayLike<unknown>;
  if (xs.length !== n) {
    throw new LayoutMismatch(path, `expected an array of length ${n}, got ${kindOf(v)}`);
  }
  for (let i = 0; i < n; i++) {
    const e = isActive(xs[i]) ? primal(xs[i]) : xs[i];
    if (typeof e !== 'number') {
      throw new LayoutMismatch(`${path}[${i}]`, `expected a number, got ${kindOf(e)}`);
    }
    out[offset + i] = e;
  }
}

/** The reals of `value` as a vector. */
export function flatten(layout: Layout, value: unknown, path = ''): Float64Array {
  const out = new Float64Array(layout.size);
  flattenInto(layout, value, out, 0, path);
  return out;
}
