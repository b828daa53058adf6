import { isActive, isNoTangent, isZeroTangent, primal, unthunk } from '@pullback/rules-core';
import { isPlainObject } from './clone.js';
import { kindOf } from './kind-of.js';
import type { Layout } from './layout.js';

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
