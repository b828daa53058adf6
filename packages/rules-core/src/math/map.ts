import type { Real, RealArray } from '../active.js';
import { differentiable, describe, type DifferentiableFunction } from '../differentiable.js';
import type { RuleConfig } from '../rules.js';
import { isAbstractZero, noTangent, unthunk, zeroTangent } from '../tangent.js';
import { mul, unbroadcast } from './arithmetic.js';
import { at } from './indexing.js';
import { collect, lengthOf, nonZero } from './internal/arrays.js';
import { ShapeMismatchError } from './errors.js';

/**
 * Higher-order elementwise application. The rules differentiate `f` per element in forward
 * mode through `config.fruleViaAD`, also inside a reverse pass (mixed mode: a scalar kernel has
 * one input, so forward mode is the cheap direction). `f` may be any function written with the
 * vocabulary. Values `f` closes over are constants to these rules; an engine that finds `f`
 * closing over a value it differentiates traces the body instead (slower, still exact), so
 * passing such values as arguments (`map2(f, x, y)`) is the fast way.
 */

/** `map`'s signature: a `Float64Array` for passive input. */
export interface MapFn {
  (f: (x: number) => number, x: Float64Array | readonly number[]): Float64Array;
  (f: (x: Real) => Real, x: RealArray): RealArray;
}

/** `map2`'s signature: a `Float64Array` for passive input. */
export interface Map2Fn {
  (
    f: (x: number, y: number) => number,
    x: number | Float64Array | readonly number[],
    y: number | Float64Array | readonly number[],
  ): Float64Array;
  (f: (x: Real, y: Real) => Real, x: Real | RealArray, y: Real | RealArray): RealArray;
}

function checkFunction(fname: string, f: unknown): void {
  if (typeof f !== 'function') {
    throw new TypeError(
      `${fname}(f, ...): expected f to be a function (f comes first, as in Julia), got ${describe(f)}.`,
    );
  }
}

/**
 * Collects `value(i)` for `i < n` into a `Float64Array` while the values are numbers, switching
 * to a `Real[]` at the first active value (`f` may close over one even on passive input).
 */
function tabulate(n: number, value: (i: number) => Real): Float64Array | Real[] {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (typeof v !== 'number') {
      const general: Real[] = Array.from(out.subarray(0, i));
      general.push(v);
      for (let j = i + 1; j < n; j++) general.push(value(j));
      return general;
    }
    out[i] = v;
  }
  return out;
}

/** `f` applied to each element of `x`: `[f(x₀), f(x₁), …]`. */
export const map: DifferentiableFunction<MapFn> = differentiable(
  function map(f: (x: Real) => Real, x: RealArray): RealArray {
    checkFunction('map', f);
    const n = lengthOf('map', x);
    if (x instanceof Float64Array) return tabulate(n, (i) => f(x[i]));
    // `at`, not `x[i]`: an engine traces this body, on its own active arrays, when `f` closes
    // over an active value and no rule could see that value's derivative.
    return tabulate(n, (i) => f(at(x, i)));
  },
  {
    frule: ([f, x], [, dx], config) => {
      const t = nonZero<RealArray>(dx);
      if (t === undefined) return [map(f, x), zeroTangent];
      const n = x.length;
      const ys: Real[] = new Array<Real>(n);
      const dys: Real[] = new Array<Real>(n);
      for (let i = 0; i < n; i++) {
        const [y, dy] = config.fruleViaAD(f, [at(x, i)], [at(t, i)]);
        ys[i] = y;
        dys[i] = scalarTangent(dy);
      }
      return [collect(ys), collect(dys)];
    },
    rrule: ([f, x], config) => {
      const n = x.length;
      const ys: Real[] = new Array<Real>(n);
      const ds: Real[] = new Array<Real>(n);
      for (let i = 0; i < n; i++) {
        const [y, d] = config.fruleViaAD(f, [at(x, i)], [1]);
        ys[i] = y;
        ds[i] = scalarTangent(d);
      }
      const slopes = collect(ds);
      return [
        collect(ys),
        (dy) => {
          const u = nonZero<RealArray>(dy);
          return [noTangent, u === undefined ? zeroTangent : mul(u, slopes)];
        },
      ];
    },
  },
  { nondiff: [0] },
) as DifferentiableFunction<MapFn>;

/** A scalar tangent with strong zeros as `0`. */
function scalarTangent(t: unknown): Real {
  const u = unthunk(t);
  return isAbstractZero(u) ? 0 : (u as Real);
}

/** `x` when it is a number or a `Float64Array`, whose elements can be read directly. */
function plain(x: Real | RealArray): number | Float64Array | undefined {
  return typeof x === 'number' || x instanceof Float64Array ? x : undefined;
}

/** Element `i` of `x`, or `x` itself when it is a scalar being broadcast. */
function element(x: Real | RealArray, i: number): Real {
  return typeof x === 'number' || !('length' in x) ? (x as Real) : at(x as RealArray, i);
}

/** The common length of `x` and `y` (scalars broadcast), checked. */
function length2(x: Real | RealArray, y: Real | RealArray): number {
  const lx = typeof x === 'number' || !('length' in x) ? -1 : lengthOf('map2', x, 'x');
  const ly = typeof y === 'number' || !('length' in y) ? -1 : lengthOf('map2', y, 'y');
  // Compared here, not by broadcastLength: an engine's active arrays have a length but no indexing.
  if (lx !== -1 && ly !== -1 && lx !== ly) {
    throw new ShapeMismatchError(
      `map2: x has length ${lx} and y has length ${ly}; pass arrays of equal length, or a scalar to broadcast.`,
    );
  }
  // Two scalars give one element.
  return lx === -1 && ly === -1 ? 1 : Math.max(lx, ly);
}

/**
 * `f` applied to pairs of elements: `[f(x₀, y₀), f(x₁, y₁), …]`; a scalar `x` or `y` is
 * broadcast. Two scalars give `[f(x, y)]`.
 */
export const map2: DifferentiableFunction<Map2Fn> = differentiable(
  function map2(
    f: (x: Real, y: Real) => Real,
    x: Real | RealArray,
    y: Real | RealArray,
  ): RealArray {
    checkFunction('map2', f);
    const n = length2(x, y);
    // Plain storage needs no `at` per element (the common primal case, and the hot one).
    const xs = plain(x);
    const ys = plain(y);
    if (xs !== undefined && ys !== undefined) {
      return tabulate(n, (i) =>
        f(typeof xs === 'number' ? xs : xs[i], typeof ys === 'number' ? ys : ys[i]),
      );
    }
    return tabulate(n, (i) => f(element(x, i), element(y, i)));
  },
  {
    frule: ([f, x, y], [, dx, dy], config) => {
      const tx = nonZero<Real | RealArray>(dx);
      const ty = nonZero<Real | RealArray>(dy);
      if (tx === undefined && ty === undefined) return [map2(f, x, y), zeroTangent];
      const n = length2(x, y);
      const zs: Real[] = new Array<Real>(n);
      const dzs: Real[] = new Array<Real>(n);
      for (let i = 0; i < n; i++) {
        const [z, dz] = config.fruleViaAD(
          f,
          [element(x, i), element(y, i)],
          [tx === undefined ? 0 : element(tx, i), ty === undefined ? 0 : element(ty, i)],
        );
        zs[i] = z;
        dzs[i] = scalarTangent(dz);
      }
      return [collect(zs), collect(dzs)];
    },
    rrule: ([f, x, y], config: RuleConfig) => {
      const n = length2(x, y);
      const zs: Real[] = new Array<Real>(n);
      const gx: Real[] = new Array<Real>(n);
      const gy: Real[] = new Array<Real>(n);
      for (let i = 0; i < n; i++) {
        const xi = element(x, i);
        const yi = element(y, i);
        const [z, a] = config.fruleViaAD(f, [xi, yi], [1, 0]);
        const [, b] = config.fruleViaAD(f, [xi, yi], [0, 1]);
        zs[i] = z;
        gx[i] = scalarTangent(a);
        gy[i] = scalarTangent(b);
      }
      const sx = collect(gx);
      const sy = collect(gy);
      return [
        collect(zs),
        (dz) => {
          const u = nonZero<RealArray>(dz);
          if (u === undefined) return [noTangent, zeroTangent, zeroTangent];
          return [noTangent, unbroadcast(mul(u, sx), x), unbroadcast(mul(u, sy), y)];
        },
      ];
    },
  },
  { nondiff: [0] },
) as DifferentiableFunction<Map2Fn>;
