import type { Real } from './active.js';
import { describe } from './differentiable.js';
import { TangentMismatchError } from './errors.js';
import { mul } from './math/arithmetic.js';
import {
  describeTangent,
  extend,
  isActiveArrayValue,
  isMatrixShaped,
  isPlainObject,
  isRealLeaf,
} from './tangent-structure.js';
import { isAbstractZero, unthunk, type AbstractZero, type MaybeThunk } from './tangent.js';

/**
 * The tangent `t` multiplied by the real `s`. Strong zeros absorb it (`zeroTangent · s =
 * zeroTangent`, `noTangent · s = noTangent`); structural tangents scale field by field and
 * element by element; matrices keep their dimensions. Leaves may be active values (in nested
 * differentiation) and so may `s`: they are multiplied with the vocabulary's `mul`.
 *
 * @example
 * ```ts
 * scaleTangent({ w: [1, 2], b: 3 }, 2); // { w: [2, 4], b: 6 }
 * ```
 */
export function scaleTangent(t: number, s: number): number;
export function scaleTangent<T>(t: MaybeThunk<T | AbstractZero>, s: Real): T | AbstractZero;
export function scaleTangent(t: unknown, s: Real): unknown {
  if (typeof t === 'number' && typeof s === 'number') return t * s;
  if (!isRealLeaf(s)) {
    throw new TypeError(`scaleTangent(t, s): expected s to be a real, got ${describe(s)}.`);
  }
  return scaleAt(t, s, 'tangent');
}

function scaleAt(t0: unknown, s: Real, path: string): unknown {
  const t = unthunk(t0);
  if (typeof t === 'number' && typeof s === 'number') return t * s;
  if (isAbstractZero(t)) return t;
  if (isRealLeaf(t) || isActiveArrayValue(t)) return mul(t as Real, s);
  if (t instanceof Float64Array) {
    if (typeof s !== 'number') return mul(t, s);
    const out = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) out[i] = t[i] * s;
    return out;
  }
  if (Array.isArray(t)) return t.map((v, i) => scaleAt(v, s, extend(path, i)));
  if (isMatrixShaped(t)) {
    return { rows: t.rows, cols: t.cols, data: scaleAt(t.data, s, extend(path, 'data')) };
  }
  if (isPlainObject(t)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(t)) out[key] = scaleAt(t[key], s, extend(path, key));
    return out;
  }
  throw new TangentMismatchError(
    `scaleTangent: ${describeTangent(t)} at ${path} is not a tangent; expected a real, an array, an object of tangents, or zeroTangent/noTangent.`,
  );
}
