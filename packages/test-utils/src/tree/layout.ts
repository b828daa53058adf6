import {
  isActive,
  isNoTangent,
  isThunk,
  isZeroTangent,
  noTangent,
  primal,
  unthunk,
} from '@pullback/rules-core';
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

/** Thrown when a value does not have the layout it is read with. */
export class LayoutMismatch extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path || 'value'}: ${detail}`);
  }
}

/** A short description of a value for structure reports. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (isNoTangent(v)) return 'noTangent';
  if (isZeroTangent(v)) return 'zeroTangent';
  if (isThunk(v)) return 'a thunk';
  if (isActive(v)) return 'an active value';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) {
    return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<unknown>).length}`;
  }
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return isMatrixLike(v) ? `a ${v.rows}x${v.cols} matrix` : 'an object';
  if (typeof v === 'string') return 'a string';
  return `${typeof v} ${String(v)}`;
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

/**
 * The value with layout `layout` whose reals are `vec[offset...]`; containers keep their
 * kind (a `number[]` stays a `number[]`), constants are `like`'s (the same references).
 * With `tangent` set, constants become `noTangent` instead: the result is a tangent.
 */
export function rebuild(
  layout: Layout,
  vec: ArrayLike<number>,
  offset = 0,
  tangent = false,
): unknown {
  switch (layout.kind) {
    case 'number':
      return vec[offset];
    case 'array': {
      const out = layout.typed ? new Float64Array(layout.size) : new Array<number>(layout.size);
      for (let i = 0; i < layout.size; i++) out[i] = vec[offset + i];
      return out;
    }
    case 'matrix': {
      const data = layout.typed ? new Float64Array(layout.size) : new Array<number>(layout.size);
      for (let i = 0; i < layout.size; i++) data[i] = vec[offset + i];
      return { rows: layout.rows, cols: layout.cols, data };
    }
    case 'tuple': {
      let at = offset;
      return layout.items.map((item) => {
        const v = rebuild(item, vec, at, tangent);
        at += item.size;
        return v;
      });
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      let at = offset;
      layout.keys.forEach((key, i) => {
        out[key] = rebuild(layout.fields[i], vec, at, tangent);
        at += layout.fields[i].size;
      });
      return out;
    }
    case 'constant':
      return tangent ? noTangent : layout.value;
  }
}

/**
 * Like `rebuild`, but numeric arrays come back as `Float64Array` (the engine's convention for
 * gradients and pushforwards) and constants as `noTangent`.
 */
export function rebuildResult(layout: Layout, vec: ArrayLike<number>, offset = 0): unknown {
  switch (layout.kind) {
    case 'array':
      return Float64Array.from({ length: layout.size }, (_, i) => vec[offset + i]);
    case 'matrix':
      return {
        rows: layout.rows,
        cols: layout.cols,
        data: Float64Array.from({ length: layout.size }, (_, i) => vec[offset + i]),
      };
    case 'tuple': {
      let at = offset;
      return layout.items.map((item) => {
        const v = rebuildResult(item, vec, at);
        at += item.size;
        return v;
      });
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      let at = offset;
      layout.keys.forEach((key, i) => {
        out[key] = rebuildResult(layout.fields[i], vec, at);
        at += layout.fields[i].size;
      });
      return out;
    }
    default:
      return rebuild(layout, vec, offset, true);
  }
}

/** Human-readable names of the components of a layout, in flattening order. */
export function componentNames(layout: Layout, prefix = ''): string[] {
  switch (layout.kind) {
    case 'number':
      return [prefix];
    case 'array':
      return Array.from({ length: layout.size }, (_, i) => `${prefix}[${i}]`);
    case 'matrix':
      return Array.from(
        { length: layout.size },
        (_, i) => `${prefix}[${Math.floor(i / layout.cols)}, ${i % layout.cols}]`,
      );
    case 'tuple':
      return layout.items.flatMap((item, i) => componentNames(item, `${prefix}[${i}]`));
    case 'record':
      return layout.fields.flatMap((field, i) =>
        componentNames(field, `${prefix}.${layout.keys[i]}`),
      );
    case 'constant':
      return [];
  }
}

/** One way a tangent fails to fit its primal. */
export interface StructureIssue {
  /** Where, relative to the value (`''` for the value itself). */
  readonly path: string;
  /** What is wrong, and what would be right. */
  readonly message: string;
}

/**
 * Reads a tangent (or cotangent) of a primal laid out as `layout` into a vector, collecting
 * every way it fails to mirror the primal. Thunks are forced at any depth; `zeroTangent`
 * reads as zeros. Where the primal has no tangent space, `noTangent` is required (`strict`)
 * or any structural zero is accepted.
 */
export function readTangent(
  layout: Layout,
  tangent: unknown,
  strictNoTangent: boolean,
  issues: StructureIssue[],
  path = '',
): Float64Array {
  const out = new Float64Array(layout.size);
  readTangentInto(layout, tangent, strictNoTangent, issues, out, 0, path);
  return out;
}

function readTangentInto(
  layout: Layout,
  tangent: unknown,
  strict: boolean,
  issues: StructureIssue[],
  out: Float64Array,
  offset: number,
  path: string,
): void {
  const t = unthunk(tangent);
  if (layout.kind === 'constant') {
    if (isNoTangent(t)) return;
    if (isZeroTangent(t)) {
      if (strict) {
        issues.push({
          path,
          message: `got zeroTangent for ${describeConstant(layout.value)}, which has no tangent space; return noTangent`,
        });
      }
      return;
    }
    issues.push({
      path,
      message: `got ${kindOf(t)} for ${describeConstant(layout.value)}, which has no tangent space; expected noTangent`,
    });
    return;
  }
  if (isZeroTangent(t)) return;
  if (isNoTangent(t)) {
    if (layout.size > 0) {
      issues.push({
        path,
        message:
          'got noTangent for a differentiable value; noTangent means "no tangent space", use zeroTangent for a zero derivative',
      });
    }
    return;
  }
  const mismatch = (expected: string): void => {
    issues.push({ path, message: `expected ${expected} (mirroring the primal), got ${kindOf(t)}` });
  };
  switch (layout.kind) {
    case 'number':
      if (typeof t === 'number') out[offset] = t;
      else if (isActive(t) && typeof primal(t) === 'number') out[offset] = primal(t) as number;
      else mismatch('a number');
      return;
    case 'array':
      readNumbers(t, layout.size, 'an array', out, offset, issues, path);
      return;
    case 'matrix': {
      const what = `a ${layout.rows}x${layout.cols} matrix { rows, cols, data }`;
      if (!isPlainObject(t) || !('data' in t)) return mismatch(what);
      if (('rows' in t && t.rows !== layout.rows) || ('cols' in t && t.cols !== layout.cols)) {
        return mismatch(what);
      }
      const data = unthunk(t.data);
      if (isZeroTangent(data)) return;
      readNumbers(data, layout.size, 'an array', out, offset, issues, `${path}.data`);
      return;
    }
    case 'tuple': {
      if (!Array.isArray(t) || t.length !== layout.items.length) {
        return mismatch(`an array of length ${layout.items.length}`);
      }
      let at = offset;
      layout.items.forEach((item, i) => {
        readTangentInto(item, t[i], strict, issues, out, at, `${path}[${i}]`);
        at += item.size;
      });
      return;
    }
    case 'record': {
      if (!isPlainObject(t)) return mismatch('an object');
      for (const key of Object.keys(t)) {
        if (!layout.keys.includes(key)) {
          issues.push({ path: `${path}.${key}`, message: 'the primal has no such field' });
        }
      }
      let at = offset;
      layout.keys.forEach((key, i) => {
        // A missing field is a zero, as in ChainRules' structural `Tangent`.
        if (key in t)
          readTangentInto(layout.fields[i], t[key], strict, issues, out, at, `${path}.${key}`);
        at += layout.fields[i].size;
      });
      return;
    }
  }
}

function readNumbers(
  t: unknown,
  n: number,
  what: string,
  out: Float64Array,
  offset: number,
  issues: StructureIssue[],
  path: string,
): void {
  if (!Array.isArray(t) && !(ArrayBuffer.isView(t) && !(t instanceof DataView))) {
    issues.push({
      path,
      message: `expected ${what} of length ${n} (mirroring the primal), got ${kindOf(t)}`,
    });
    return;
  }
  const xs = t as ArrayLike<unknown>;
  if (xs.length !== n) {
    issues.push({ path, message: `expected ${what} of length ${n}, got ${kindOf(t)}` });
    return;
  }
  for (let i = 0; i < n; i++) {
    const e = unthunk(xs[i]);
    if (typeof e === 'number') out[offset + i] = e;
    else if (isActive(e) && typeof primal(e) === 'number') out[offset + i] = primal(e) as number;
    else if (isZeroTangent(e)) out[offset + i] = 0;
    else issues.push({ path: `${path}[${i}]`, message: `expected a number, got ${kindOf(e)}` });
  }
}

function describeConstant(v: unknown): string {
  if (typeof v === 'number') return `the non-differentiable number ${v}`;
  return kindOf(v);
}
