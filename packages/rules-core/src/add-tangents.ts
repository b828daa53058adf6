import type { Real } from './active.js';
import { TangentMismatchError } from './errors.js';
import { add } from './math/arithmetic.js';
import {
  describeTangent,
  extend,
  isActiveArrayValue,
  isArrayTangent,
  isMatrixShaped,
  isPlainObject,
  isRealLeaf,
} from './tangent-structure.js';
import {
  isAbstractZero,
  isNoTangent,
  noTangent,
  unthunk,
  zeroTangent,
  type AbstractZero,
  type MaybeThunk,
} from './tangent.js';

/**
 * The sum of two tangents of the same primal, with ChainRules' absorption laws: a strong zero
 * is the identity (`zeroTangent + t = t`, `noTangent + t = t`), and of two zeros `noTangent`
 * wins (`noTangent + zeroTangent = noTangent`). Structural tangents add field by field and
 * element by element (a field missing on one side counts as zero); matrices keep their
 * dimensions and add their entries. Thunks are evaluated. Leaves may be active values in nested
 * differentiation: they are added with the vocabulary's `add`, plain numbers and
 * `Float64Array`s directly. Throws `TangentMismatchError`, naming where, when the shapes differ.
 *
 * @example
 * ```ts
 * addTangents({ w: new Float64Array([1, 2]), b: 1 }, { w: zeroTangent, b: 2 });
 * // { w: Float64Array [1, 2], b: 3 }
 * ```
 */
export function addTangents(a: number, b: number): number;
export function addTangents<T>(
  a: MaybeThunk<T | AbstractZero>,
  b: MaybeThunk<T | AbstractZero>,
): T | AbstractZero;
export function addTangents(a: unknown, b: unknown): unknown;
export function addTangents(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return addAt(a, b, 'tangent');
}

function addAt(a0: unknown, b0: unknown, path: string): unknown {
  const a = unthunk(a0);
  const b = unthunk(b0);
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (isAbstractZero(a)) {
    if (isAbstractZero(b)) return isNoTangent(a) || isNoTangent(b) ? noTangent : zeroTangent;
    return b;
  }
  if (isAbstractZero(b)) return a;
  if (isRealLeaf(a) && isRealLeaf(b)) return add(a as Real, b as Real);
  if (a instanceof Float64Array && b instanceof Float64Array) {
    checkLengths(a, b, path);
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
    return out;
  }
  if (isArrayTangent(a) && isArrayTangent(b)) {
    checkLengths(a, b, path);
    // An engine's active array adds as a whole, through its interpreter.
    if (isActiveArrayValue(a) || isActiveArrayValue(b)) return add(a as never, b as never);
    const out: unknown[] = new Array<unknown>(a.length);
    let numbers = true;
    for (let i = 0; i < a.length; i++) {
      out[i] = addAt(a[i], b[i], extend(path, i));
      if (typeof out[i] !== 'number') numbers = false;
    }
    // Plain arrays stay plain (they mirror a plain-array primal); a typed array stays typed
    // unless an element became active.
    if (numbers && (a instanceof Float64Array || b instanceof Float64Array)) {
      return Float64Array.from(out as number[]);
    }
    return out;
  }
  if (isMatrixShaped(a) && isMatrixShaped(b)) {
    if (a.rows !== b.rows || a.cols !== b.cols) {
      throw new TangentMismatchError(
        `addTangents: cannot add a ${a.rows}×${a.cols} and a ${b.rows}×${b.cols} matrix tangent at ${path}.`,
      );
    }
    return { rows: a.rows, cols: a.cols, data: addAt(a.data, b.data, extend(path, 'data')) };
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(a)) {
      out[key] = key in b ? addAt(a[key], b[key], extend(path, key)) : a[key];
    }
    for (const key of Object.keys(b)) if (!(key in a)) out[key] = b[key];
    return out;
  }
  throw new TangentMismatchError(
    `addTangents: cannot add ${describeTangent(a)} and ${describeTangent(b)} at ${path}; ` +
      'expected two tangents of the same shape (reals, arrays of equal length, or objects with matching fields).',
  );
}

function checkLengths(a: ArrayLike<unknown>, b: ArrayLike<unknown>, path: string): void {
  if (a.length !== b.length) {
    throw new TangentMismatchError(
      `addTangents: cannot add arrays of lengths ${a.length} and ${b.length} at ${path}; expected equal lengths.`,
    );
  }
}
