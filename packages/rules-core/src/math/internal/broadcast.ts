import { isActive, type Real } from '../active.js';
import { ShapeMismatchError } from './errors.js';

/**
 * Broadcasting of scalars against arrays, shared by every elementwise function. Only plain
 * (passive) values and arrays of `Real` reach these helpers: an engine intercepts its own
 * dense active arrays before a function body runs.
 */

/** True for arrays the bodies can index. */
export function isIndexable(x: unknown): x is globalThis.ArrayLike<Real> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/**
 * The common length of the array arguments, or -1 when every argument is a scalar. Arrays of
 * different lengths are an error: there is no implicit expansion beyond scalars.
 */
export function broadcastLength(fname: string, args: readonly unknown[]): number {
  let n = -1;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (isIndexable(a)) {
      if (n === -1) n = a.length;
      else if (a.length !== n) {
        throw new ShapeMismatchError(
          `${fname}: arrays of lengths ${n} and ${a.length} cannot be combined elementwise; ` +
            'pass arrays of equal length, or a scalar to broadcast.',
        );
      }
    }
  }
  return n;
}

/** Element `i` of `x`, or `x` itself when it is a scalar being broadcast. */
export function elementAt(x: unknown, i: number): Real {
  return isIndexable(x) ? (x[i] as Real) : (x as Real);
}

/** True when any argument holds an active value (the bodies then build a `Real[]`). */
export function anyActiveElement(args: readonly unknown[]): boolean {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (isActive(a)) return true;
    if (Array.isArray(a)) {
      for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return true;
    }
  }
  return false;
}

/**
 * Applies `scalar` elementwise over `args` broadcast to length `n`: through the raw `kernel`
 * into a `Float64Array` when everything is passive, else through the public (dispatching)
 * `scalar` into a `Real[]`.
 */
export function broadcastApply(
  n: number,
  args: readonly unknown[],
  kernel: (...xs: number[]) => number,
  scalar: (...xs: Real[]) => Real,
): Float64Array | Real[] {
  const m = args.length;
  const row: Real[] = new Array<Real>(m);
  if (!anyActiveElement(args)) {
    const out = new Float64Array(n);
    const nums = row as number[];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < m; k++) nums[k] = elementAt(args[k], i) as number;
      out[i] = kernel(...nums);
    }
    return out;
  }
  const out: Real[] = new Array<Real>(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) row[k] = elementAt(args[k], i);
    out[i] = scalar(...row);
  }
  return out;
}
