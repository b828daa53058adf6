import { isActive, type Real, type RealArray } from '../active.js';
import { differentiable, describe, type DifferentiableFunction } from '../differentiable.js';
import { noTangent, zeroTangent } from '../tangent.js';
import { at } from './indexing.js';
import { isIndexable, isPassiveArray, lengthOf, nonZero } from './internal/arrays.js';

/** A position as `Array.prototype.slice` reads it: truncated, negative from the end, clamped. */
function position(p: number | undefined, n: number, fallback: number): number {
  if (p === undefined) return fallback;
  const q = Math.trunc(p) || 0;
  return q < 0 ? Math.max(n + q, 0) : Math.min(q, n);
}

/** `slice`'s signature: a `Float64Array` for passive input. */
export interface Slice {
  (x: Float64Array | readonly number[], start?: number, end?: number): Float64Array;
  (x: RealArray, start?: number, end?: number): RealArray;
}

/**
 * `x[start..end)`, a copy, with JavaScript's meaning: `end` is exclusive, negative positions
 * count from the end, both are clamped to the array, `end` defaults to its length.
 */
export const slice: DifferentiableFunction<Slice> = differentiable(
  function slice(x: RealArray, start?: number, end?: number): RealArray {
    const n = lengthOf('slice', x);
    for (const [name, p] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (p !== undefined && typeof p !== 'number') {
        throw new TypeError(`slice: expected ${name} to be a number, got ${describe(p)}.`);
      }
    }
    const s = position(start, n, 0);
    const e = position(end, n, n);
    if (x instanceof Float64Array) return x.slice(s, Math.max(s, e));
    const part = (x as readonly Real[]).slice(s, Math.max(s, e));
    return isPassiveArray(part) ? Float64Array.from(part) : part;
  },
  {
    frule: ([x, start, end], [dx]) => {
      const t = nonZero<RealArray>(dx);
      return [slice(x, start, end), t === undefined ? zeroTangent : slice(t, start, end)];
    },
    rrule: (args) => {
      const [x, start, end] = args;
      const n = x.length;
      const s = position(start, n, 0);
      const e = Math.max(s, position(end, n, n));
      // One cotangent per argument actually passed: `slice(x)` and `slice(x, start)` are calls too.
      const cotangents = (dx: unknown) => [dx, noTangent, noTangent].slice(0, args.length) as never;
      return [
        slice(x, start, end),
        (dy) => {
          const u = nonZero<RealArray>(dy);
          if (u === undefined) return cotangents(zeroTangent);
          if (isPassiveArray(u)) {
            const out = new Float64Array(n);
            out.set(u, s);
            return cotangents(out);
          }
          return cotangents(concat(new Float64Array(s), u, new Float64Array(n - e)));
        },
      ];
    },
  },
  { nondiff: [1, 2] },
) as DifferentiableFunction<Slice>;

/** `concat`'s signature: a `Float64Array` for passive input. */
export interface Concat {
  (...parts: (number | Float64Array | readonly number[])[]): Float64Array;
  (...parts: (Real | RealArray)[]): RealArray;
}

/** True for a part of `concat` that is a single value rather than an array. */
function isScalarPart(p: unknown): p is Real {
  return (
    typeof p === 'number' || (isActive(p) && typeof (p as { length?: unknown }).length !== 'number')
  );
}

/** The number of elements a part of `concat` contributes. */
function partLength(p: unknown, k: number): number {
  return isScalarPart(p) ? 1 : lengthOf('concat', p, `part ${k}`);
}

/**
 * The parts one after another in a new array; a scalar part contributes one element
 * (`concat(x, 0, y)`).
 */
export const concat: DifferentiableFunction<Concat> = differentiable(
  function concat(...parts: (Real | RealArray)[]): RealArray {
    let n = 0;
    let passive = true;
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      n += partLength(p, k);
      if (typeof p !== 'number' && !isPassiveArray(p)) passive = false;
    }
    if (passive) {
      const out = new Float64Array(n);
      let offset = 0;
      for (const p of parts as (number | Float64Array | readonly number[])[]) {
        if (typeof p === 'number') out[offset++] = p;
        else {
          out.set(p, offset);
          offset += p.length;
        }
      }
      return out;
    }
    const out: Real[] = [];
    for (const p of parts) {
      if (isScalarPart(p)) out.push(p);
      else if (isIndexable(p)) for (let i = 0; i < p.length; i++) out.push(p[i]);
      else
        throw new TypeError(
          'concat: an active array reached a passive body; this is an engine bug.',
        );
    }
    return out;
  },
  {
    frule: (parts, tangents) => {
      const y = concat(...parts);
      if (tangents.every((t) => nonZero(t) === undefined)) return [y, zeroTangent];
      const ts = parts.map((p, k) => {
        const t = nonZero<Real | RealArray>(tangents[k]);
        if (t !== undefined) return t;
        return isScalarPart(p) ? 0 : new Float64Array(partLength(p, k));
      });
      return [y, concat(...ts)];
    },
    rrule: (parts) => {
      const lengths = parts.map(partLength);
      return [
        concat(...parts),
        (dy) => {
          const u = nonZero<RealArray>(dy);
          if (u === undefined) return parts.map(() => zeroTangent);
          let offset = 0;
          return parts.map((p, k) => {
            const start = offset;
            offset += lengths[k];
            return isScalarPart(p) ? at(u, start) : slice(u, start, offset);
          });
        },
      ];
    },
  },
) as DifferentiableFunction<Concat>;
