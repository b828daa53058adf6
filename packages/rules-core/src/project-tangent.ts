import type { Real } from './active.js';
import { describe } from './differentiable.js';
import { TangentMismatchError } from './errors.js';
import {
  describeTangent,
  extend,
  isActiveArrayValue,
  isArrayTangent,
  isMatrixShaped,
  isPlainObject,
  isRealLeaf,
} from './tangent-structure.js';
import { isAbstractZero, noTangent, unthunk, zeroTangent, type Tangent } from './tangent.js';

/**
 * Brings the tangent `t` into the canonical form for `primal` (ChainRules' `ProjectTo`): a
 * real for a number; a `Float64Array` for a `Float64Array` (a `Real[]` when an entry is
 * active); a plain array for a plain array, element by element; an object with exactly the
 * primal's fields (missing ones become zero); `{ rows, cols, data }` with the primal's
 * dimensions for a matrix; `noTangent` for what has no tangent space (strings, booleans,
 * functions, `null`, `undefined`). Strong zeros stay as they are and thunks are evaluated.
 * Projecting twice changes nothing. Throws `TangentMismatchError`, saying where and what was
 * expected, when `t` does not fit.
 *
 * @example
 * ```ts
 * projectTangent(new Float64Array(2), [1, 2]); // Float64Array [1, 2]
 * projectTangent({ w: 1, name: 'a' }, { w: 2 }); // { w: 2, name: noTangent }
 * ```
 */
export function projectTangent<P>(primal: P, t: unknown): Tangent<P> {
  return projectAt(primal, t, 'tangent') as Tangent<P>;
}

function mismatch(path: string, expected: string, p: unknown, t: unknown): TangentMismatchError {
  return new TangentMismatchError(
    `projectTangent: at ${path}, expected ${expected} for ${describeTangent(p)}, got ${describeTangent(t)}.`,
  );
}

function hasNoTangentSpace(p: unknown): boolean {
  return (
    p === null ||
    p === undefined ||
    typeof p === 'string' ||
    typeof p === 'boolean' ||
    typeof p === 'bigint' ||
    typeof p === 'symbol' ||
    typeof p === 'function'
  );
}

function projectAt(p: unknown, t0: unknown, path: string): unknown {
  if (hasNoTangentSpace(p)) return noTangent;
  const t = unthunk(t0);
  if (isAbstractZero(t)) return t;
  if (isRealLeaf(p)) {
    if (isRealLeaf(t)) return t;
    throw mismatch(path, 'a real (a number or an active scalar) or zeroTangent', p, t);
  }
  if (p instanceof Float64Array || isActiveArrayValue(p)) {
    const n = (p as ArrayLike<unknown>).length;
    if (!isArrayTangent(t) || t.length !== n) {
      throw mismatch(path, `an array of ${n} reals or zeroTangent`, p, t);
    }
    if (t instanceof Float64Array || isActiveArrayValue(t)) return t;
    return realArray(t as readonly unknown[], path, p);
  }
  if (Array.isArray(p)) {
    if (!isArrayTangent(t) || t.length !== p.length) {
      throw mismatch(path, `an array of length ${p.length} or zeroTangent`, p, t);
    }
    // An engine's active array stands for the whole tangent; it cannot be taken apart here.
    if (isActiveArrayValue(t)) return t;
    return p.map((pi, i) => projectAt(pi, (t as ArrayLike<unknown>)[i], extend(path, i)));
  }
  if (isMatrixShaped(p)) {
    if (
      !isPlainObject(t) ||
      !('data' in t) ||
      !sameDimension(t.rows, p.rows) ||
      !sameDimension(t.cols, p.cols)
    ) {
      throw mismatch(
        path,
        `a ${p.rows}×${p.cols} matrix tangent { rows, cols, data } or zeroTangent`,
        p,
        t,
      );
    }
    return { rows: p.rows, cols: p.cols, data: projectAt(p.data, t.data, extend(path, 'data')) };
  }
  if (typeof p === 'object') {
    if (!isPlainObject(t)) throw mismatch(path, 'an object of field tangents or zeroTangent', p, t);
    const fields = p as Record<string, unknown>;
    for (const key of Object.keys(t)) {
      if (!(key in fields)) {
        throw mismatch(
          path,
          `only the fields {${Object.keys(fields).join(', ')}} (no field '${key}')`,
          p,
          t,
        );
      }
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) {
      out[key] = projectAt(fields[key], key in t ? t[key] : zeroTangent, extend(path, key));
    }
    return out;
  }
  throw new TangentMismatchError(`projectTangent: at ${path}, cannot project onto ${describe(p)}.`);
}

/** A dimension of a matrix tangent: absent, a strong zero (structural), or equal to the primal's. */
function sameDimension(t: unknown, n: number): boolean {
  return t === undefined || isAbstractZero(t) || t === n;
}

/** The entries of a tangent of a real array: a `Float64Array`, or a `Real[]` if one is active. */
function realArray(t: readonly unknown[], path: string, p: unknown): Float64Array | Real[] {
  const out: Real[] = new Array<Real>(t.length);
  let numbers = true;
  for (let i = 0; i < t.length; i++) {
    const v = unthunk(t[i]);
    if (isAbstractZero(v)) out[i] = 0;
    else if (isRealLeaf(v)) out[i] = v as Real;
    else throw mismatch(extend(path, i), 'a real', p, v);
    if (typeof out[i] !== 'number') numbers = false;
  }
  return numbers ? Float64Array.from(out as number[]) : out;
}
