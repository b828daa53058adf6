import { isActive, isNoTangent, isThunk, isZeroTangent } from '@pullback/rules-core';
import { isMatrixLike } from './layout.js';

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
