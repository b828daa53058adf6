import type { FiniteDifferenceMethod } from './fdm.js';
import type { FdOptions } from './types.js';

/** True for a method made by `fdm` (a callable carrying its stencil). */
export function isMethod(v: unknown): v is FiniteDifferenceMethod {
  return (
    typeof v === 'function' &&
    Array.isArray((v as Partial<FiniteDifferenceMethod>).coefficients) &&
    typeof (v as Partial<FiniteDifferenceMethod>).estimate === 'function'
  );
}

/**
 * The structured finite-difference functions take `(f, x, ..., options)` or, as
 * FiniteDifferences.jl does, `(method, f, x, ...)`; options may also be a bare method.
 */
export function fdArguments(
  args: readonly unknown[],
  rest: number,
): { f: (x: unknown) => unknown; values: unknown[]; method: FiniteDifferenceMethod | undefined } {
  if (isMethod(args[0]) && typeof args[1] === 'function') {
    return {
      f: args[1] as (x: unknown) => unknown,
      values: args.slice(2, 2 + rest),
      method: args[0],
    };
  }
  const options = args[1 + rest];
  const method = isMethod(options) ? options : (options as FdOptions | undefined)?.fdm;
  return { f: args[0] as (x: unknown) => unknown, values: args.slice(1, 1 + rest), method };
}
