import type { Real, RealArray } from '../active.js';
import type { AbstractZero, ArrayTangent, ScalarTangent } from '../tangent.js';
import {
  attachRecord,
  callDifferentiable,
  callDifferentiable1,
  callDifferentiable2,
  describe,
  makeRecord,
  type DifferentiableFunction,
  type DifferentiableOptions,
  type DifferentiableRecord,
} from '../differentiable.js';
import type { Rules } from '../rules.js';
import { broadcastApply, broadcastLength, type ArrayLoop } from './internal/broadcast.js';
import { defineTangentRule } from '../tangent-arithmetic.js';
import { unthunkedOnly } from './tangent-rules.js';

/** A unary function of the vocabulary: on a scalar gives a scalar, on an array an array. */
export interface Elementwise1 {
  (x: number): number;
  (x: Real): Real;
  (x: Float64Array | readonly number[]): Float64Array;
  (x: RealArray): RealArray;
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
  (a: RealArray, b: Real | RealArray): RealArray;
  (a: Real | RealArray, b: RealArray): RealArray;
  (a: Real | RealArray, b: Real | RealArray): Real | RealArray;
}

/**
 * `neg`: a unary function of the vocabulary that also takes tangents (ChainRules' tangent
 * arithmetic: a structural zero gives itself back, a thunk is unthunked).
 */
export interface LinearElementwise1 {
  (x: number): number;
  (x: Real): Real;
  (x: Float64Array | readonly number[]): Float64Array;
  (x: RealArray): RealArray;
  (x: Real | RealArray): Real | RealArray;
  (x: ScalarTangent): Real | AbstractZero;
  (x: ArrayTangent): RealArray | AbstractZero;
  (x: ScalarTangent | ArrayTangent): Real | RealArray | AbstractZero;
}

/**
 * `add`, `sub`, `mul`, `div`: binary functions of the vocabulary that also take tangents, with
 * ChainRules' algebra (`add(zeroTangent, t)` is `t`, `mul(zeroTangent, x)` is `zeroTangent`,
 * `noTangent` absorbs `zeroTangent`, thunks are unthunked). Their result is a structural zero
 * or a real (array) accordingly.
 */
export interface TangentArithmetic {
  (a: number, b: number): number;
  (a: Real, b: Real): Real;
  (
    a: Float64Array | readonly number[] | number,
    b: Float64Array | readonly number[] | number,
  ): Float64Array;
  (a: RealArray, b: Real | RealArray): RealArray;
  (a: Real | RealArray, b: RealArray): RealArray;
  (a: Real | RealArray, b: Real | RealArray): Real | RealArray;
  (a: ScalarTangent, b: ScalarTangent): Real | AbstractZero;
  (a: ArrayTangent, b: ScalarTangent | ArrayTangent): RealArray | AbstractZero;
  (a: ScalarTangent | ArrayTangent, b: ArrayTangent): RealArray | AbstractZero;
  (
    a: ScalarTangent | ArrayTangent,
    b: ScalarTangent | ArrayTangent,
  ): Real | RealArray | AbstractZero;
}

/**
 * An elementwise function of any arity, as `scalarRule` returns it: a number on numbers, a real
 * on reals, elementwise on arrays with scalars broadcast.
 */
export type ElementwiseN<A extends readonly (Real | RealArray)[]> = ((
  ...args: { [K in keyof A]: number }
) => number) &
  ((...args: A) => Real) &
  ((...args: { [K in keyof A]: Real | RealArray }) => Real | RealArray);

/**
 * Builds a broadcasting differentiable function from a kernel on plain numbers. On numbers it is
 * one small function (type checks and the kernel) that V8 inlines into the caller; everything
 * else takes the slow path: dispatch to an interpreter, or elementwise application over arrays
 * (scalars broadcast). The rules receive `self`, the
 * finished public function, to compute primals at lower levels.
 */
export function elementwise<A extends readonly (Real | RealArray)[]>(
  kernel: (...xs: number[]) => number,
  makeRules: (self: ElementwiseN<A>) => Rules<A, Real | RealArray>,
  options?: DifferentiableOptions,
  loop?: ArrayLoop,
): DifferentiableFunction<ElementwiseN<A>> {
  const name = options?.name || kernel.name;
  const body = function (...args: unknown[]): Real | RealArray {
    const n = broadcastLength(name, args);
    // Plain numbers reach the body when an interpreter is in flight but owns none of them.
    if (n === -1 && args.every((a) => typeof a === 'number')) return kernel(...(args as number[]));
    if (n === -1) {
      // Only reached with something other than numbers: an active scalar must go through the
      // rules (tracing a scalar primitive would recurse forever), anything else is a mistake.
      throw new TypeError(
        `${name}: expected numbers or arrays of numbers, got ${args.map(describe).join(', ')}.`,
      );
    }
    return broadcastApply(n, args, kernel, self as unknown as (...xs: Real[]) => Real, loop);
  };
  Object.defineProperty(body, 'length', { value: kernel.length });
  const record = makeRecord('elementwise', body, undefined, { ...options, name });
  const fast = fastPath(kernel, record);
  // The rules need the finished function, which needs the rules: reach it through a forwarder.
  const forward = ((...args: A) => self(...args)) as ElementwiseN<A>;
  const rules = makeRules(forward);
  const withRules: DifferentiableRecord = {
    ...record,
    frule: rules.frule as DifferentiableRecord['frule'],
    rrule: rules.rrule as DifferentiableRecord['rrule'],
    partials: rules.partials as DifferentiableRecord['partials'],
  };
  // Declared last; the closures above only call it after this line has run.
  const self = attachRecord(fast, withRules, kernel.length) as unknown as ElementwiseN<A>;
  // Thunks are unthunked; a structural zero is refused by name unless the function declares
  // its own tangent rule (the linear ones do, after this).
  defineTangentRule(self, unthunkedOnly(name, self));
  return self as unknown as DifferentiableFunction<ElementwiseN<A>>;
}

/**
 * The public function: numbers go straight to the kernel, everything else to the slow path.
 * Numbers need no interpreter even while one is in flight (no argument is active, so none
 * would be handed the call), which spares the idle check. Kept this small so that V8 inlines
 * it, kernel included.
 */
function fastPath(
  kernelParameter: (...xs: number[]) => number,
  record: DifferentiableRecord,
): (...args: unknown[]) => unknown {
  // A `const` binding: V8 folds it into the inlined caller and calls the kernel directly, where
  // a parameter (a mutable binding) leaves a call through feedback shared by every function.
  const kernel = kernelParameter;
  const body = record.body;
  // The slow path sits behind one small call so that the public function's bytecode stays
  // small: V8 inlines only up to a cumulative budget per optimised function, and a loop calls
  // many of these. One and two arguments, the differentiated hot path, skip the rest array.
  const slow = (...args: unknown[]): unknown => callDifferentiable(pub, body, args);
  const slow1 = (x: unknown): unknown => callDifferentiable1(pub, body, x);
  const slow2 = (a: unknown, b: unknown): unknown => callDifferentiable2(pub, body, a, b);
  // Named at birth with a computed key (see `attachRecord` for why).
  const name = record.name;
  let pub: (...args: unknown[]) => unknown;
  switch (kernel.length) {
    case 1:
      pub = {
        [name]: function (x: unknown): unknown {
          return typeof x === 'number' ? kernel(x) : slow1(x);
        },
      }[name];
      break;
    case 2:
      pub = {
        [name]: function (a: unknown, b: unknown): unknown {
          return typeof a === 'number' && typeof b === 'number' ? kernel(a, b) : slow2(a, b);
        },
      }[name];
      break;
    case 3:
      pub = {
        [name]: function (a: unknown, b: unknown, c: unknown): unknown {
          return typeof a === 'number' && typeof b === 'number' && typeof c === 'number'
            ? kernel(a, b, c)
            : slow(a, b, c);
        },
      }[name];
      break;
    default:
      pub = {
        [name]: function (...args: unknown[]): unknown {
          return args.every((a) => typeof a === 'number')
            ? kernel(...(args as number[]))
            : slow(...args);
        },
      }[name];
  }
  return pub;
}
