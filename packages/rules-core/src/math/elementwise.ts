import type { Real, RealArray } from '../active.js';
import {
  differentiable,
  type DifferentiableFunction,
  type DifferentiableOptions,
} from '../differentiable.js';
import type { Rules } from '../rules.js';
import { broadcastApply, broadcastLength } from './broadcast.js';

/** A unary function of the vocabulary: on a scalar gives a scalar, on an array an array. */
export interface Elementwise1 {
  (x: number): number;
  (x: Real): Real;
  (x: Float64Array | readonly number[]): Float64Array;
  (x: Real | RealArray): Real | RealArray;
}

/** A binary function of the vocabulary, broadcasting a scalar against an array. */
export interface Elementwise2 {
  (a: number, b: number): number;
  (a: Real, b: Real): Real;
  (
    a: Float64Array | readonly number[] | number,
    b: Float64Array | readonly number[] | number,
  ): Float64Array;
  (a: Real | RealArray, b: Real | RealArray): Real | RealArray;
}

/** An elementwise function of any arity, as `scalarRule` returns it. */
export type ElementwiseN<A extends readonly (Real | RealArray)[]> = ((...args: A) => Real) &
  ((...args: { [K in keyof A]: Real | RealArray }) => Real | RealArray);

/**
 * Builds a broadcasting differentiable function from a kernel on plain numbers. On numbers it
 * is one type check and the kernel; on arrays it applies elementwise (scalars broadcast). The
 * rules receive `self`, the finished public function, to compute primals at lower levels.
 */
export function elementwise<A extends readonly (Real | RealArray)[]>(
  kernel: (...xs: number[]) => number,
  makeRules: (self: ElementwiseN<A>) => Rules<A, Real | RealArray>,
  options?: DifferentiableOptions,
): DifferentiableFunction<ElementwiseN<A>> {
  const name = options?.name ?? kernel.name;
  let self: ElementwiseN<A>;
  const general = (args: readonly unknown[]): Real | RealArray => {
    const n = broadcastLength(name, args);
    if (n === -1) return self(...(args as unknown as A)) as Real;
    return broadcastApply(n, args, kernel, self as unknown as (...xs: Real[]) => Real);
  };
  let body: (...args: A) => Real | RealArray;
  if (kernel.length === 1) {
    body = ((x: unknown) => (typeof x === 'number' ? kernel(x) : general([x]))) as never;
  } else if (kernel.length === 2) {
    body = ((a: unknown, b: unknown) =>
      typeof a === 'number' && typeof b === 'number' ? kernel(a, b) : general([a, b])) as never;
  } else {
    body = ((...args: unknown[]) =>
      args.every((a) => typeof a === 'number')
        ? kernel(...(args as number[]))
        : general(args)) as never;
  }
  Object.defineProperty(body, 'length', { value: kernel.length });
  // The rules need the finished function, which needs the rules: reach it through a forwarder.
  const forward = ((...args: A) => self(...args)) as ElementwiseN<A>;
  const made = differentiable(body, makeRules(forward), { ...options, name });
  self = made as unknown as ElementwiseN<A>;
  return made as unknown as DifferentiableFunction<ElementwiseN<A>>;
}
