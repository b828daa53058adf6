import { isActive } from './active.js';
import { describe } from './differentiable.js';

/**
 * Structural facts about primals and tangents, shared by the tangent algebra.
 * @internal
 */

/** A plain object: what structural tangents of objects are made of. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) {
    return false;
  }
  if (isActive(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A real leaf: a number or an active scalar (an active value without `length`). */
export function isRealLeaf(v: unknown): boolean {
  return typeof v === 'number' || (isActive(v) && !hasLength(v));
}

/** An engine's dense active array. */
export function isActiveArrayValue(v: unknown): boolean {
  return isActive(v) && hasLength(v);
}

function hasLength(v: unknown): boolean {
  return typeof (v as { length?: unknown }).length === 'number';
}

/** Any array a tangent may be: plain, typed, or an engine's active array. */
export function isArrayTangent(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || v instanceof Float64Array || isActiveArrayValue(v);
}

/**
 * A `{ rows, cols, data }` matrix (or matrix tangent): exactly those three fields, integer
 * dimensions, and `rows · cols` entries. Its dimensions are shape, not values, so the tangent
 * algebra keeps them and combines only `data`.
 */
export function isMatrixShaped(v: unknown): v is { rows: number; cols: number; data: unknown } {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 3 || !('rows' in v) || !('cols' in v) || !('data' in v)) return false;
  const { rows, cols, data } = v;
  return (
    Number.isInteger(rows) &&
    Number.isInteger(cols) &&
    (rows as number) >= 0 &&
    (cols as number) >= 0 &&
    isArrayTangent(data) &&
    data.length === (rows as number) * (cols as number)
  );
}

/** A description of a tangent for error messages. */
export function describeTangent(v: unknown): string {
  if (isActiveArrayValue(v)) return `an active array of length ${(v as { length: number }).length}`;
  if (isActive(v)) return 'an active scalar';
  if (isMatrixShaped(v)) return `a ${v.rows}×${v.cols} matrix`;
  if (isPlainObject(v)) return `an object with fields {${Object.keys(v).join(', ')}}`;
  return describe(v);
}

/** `path` extended by a field or an index, for error messages. */
export function extend(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}
