import { isActive, type Real } from '../../active.js';
import { ShapeMismatchError } from '../errors.js';
import { isIndexable } from './arrays.js';

/**
 * Broadcasting of scalars against arrays, shared by every elementwise function. Only plain
 * (passive) values and arrays of `Real` reach these helpers: an engine intercepts its own
 * dense active arrays before a function body runs.
 */

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

/**
 * True when any argument holds something other than numbers: active values (the bodies then
 * build a `Real[]`), or a mistake that the scalar function reports by name.
 */
export function anyActiveElement(args: readonly unknown[]): boolean {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (typeof a === 'number' || ArrayBuffer.isView(a)) continue;
    if (isActive(a) || !Array.isArray(a)) return true;
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
  loop?: ArrayLoop,
): Float64Array | Real[] {
  if (!anyActiveElement(args)) {
    return loop === undefined ? passiveApply(n, args, kernel) : loopApply(n, args, loop);
  }
  const m = args.length;
  const row: Real[] = new Array<Real>(m);
  const out: Real[] = new Array<Real>(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) row[k] = elementAt(args[k], i);
    out[i] = scalar(...row);
  }
  return out;
}

/**
 * A function's own loop over `Float64Array`s, written out per function so that the operation
 * is inlined in it: the shared loops below call the kernel through a call site that every
 * function shares, which V8 cannot inline (measured: ~4x slower on `add`). Broadcasting is a
 * stride: a scalar is a one-element array read with stride 0.
 */
export type ArrayLoop =
  | ((out: Float64Array, x: Float64Array) => void)
  | ((out: Float64Array, a: Float64Array, sa: number, b: Float64Array, sb: number) => void);

/** The passive case through the function's own loop (one or two arguments). */
function loopApply(n: number, args: readonly unknown[], loop: ArrayLoop): Float64Array {
  const out = new Float64Array(n);
  const operand = (v: unknown): Float64Array =>
    v instanceof Float64Array
      ? v
      : typeof v === 'number'
        ? Float64Array.of(v)
        : Float64Array.from(v as number[]);
  const stride = (v: unknown): number => (typeof v === 'number' ? 0 : 1);
  if (args.length === 1) {
    (loop as (out: Float64Array, x: Float64Array) => void)(out, operand(args[0]));
  } else {
    const [a, b] = args;
    loop(out, operand(a), stride(a), operand(b), stride(b));
  }
  return out;
}

/** The passive case, with the one- and two-argument loops spelled out (no spread per element). */
function passiveApply(
  n: number,
  args: readonly unknown[],
  kernel: (...xs: number[]) => number,
): Float64Array {
  const out = new Float64Array(n);
  if (args.length === 1) {
    const x = args[0] as ArrayLike<number>;
    for (let i = 0; i < n; i++) out[i] = kernel(x[i]);
    return out;
  }
  if (args.length === 2) {
    const a = args[0];
    const b = args[1];
    if (typeof a === 'number') {
      const y = b as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[i] = kernel(a, y[i]);
    } else if (typeof b === 'number') {
      const x = a as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[i] = kernel(x[i], b);
    } else {
      const x = a as ArrayLike<number>;
      const y = b as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[i] = kernel(x[i], y[i]);
    }
    return out;
  }
  const row: number[] = new Array<number>(args.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < args.length; k++) row[k] = elementAt(args[k], i) as number;
    out[i] = kernel(...row);
  }
  return out;
}
