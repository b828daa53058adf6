import type { Matrix, Real } from '@pullback/rules-core';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { ConcreteBackend, DensePasses } from './dense-passes.js';
import { finiteDifferencePasses } from './finite-differences.js';
import { forwardPasses } from './forward.js';
import { reversePasses } from './reverse.js';

/**
 * Each backend that runs passes itself, by its kind: one implementation of `DensePasses` per
 * backend, typed so that a kind without one does not compile. The operators reach a backend
 * only through this table, never by testing its kind.
 */
const PASSES: {
  [K in ConcreteBackend['kind']]: DensePasses<Extract<ConcreteBackend, { kind: K }>>;
} = { forward: forwardPasses, reverse: reversePasses, finiteDifferences: finiteDifferencePasses };

/** The passes of backend `b`. */
export function passesOf<B extends ConcreteBackend>(b: B): DensePasses<B> {
  return PASSES[b.kind] as DensePasses<B>;
}

/** The values of `f(x)` and its pushforwards along each of `tangents`, by backend `b`. */
export function valueAndPushforwards(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  tangents: readonly unknown[],
  ctx: PassContext,
): { y: unknown; tys: unknown[] } {
  return passesOf(b).valueAndPushforwards(b, f, x, rest, tangents, ctx);
}

/** The value of `f(x)` and a function mapping output cotangents to input cotangents, by `b`. */
export function valueAndPullbackFn(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; pullback: (dy: unknown) => unknown } {
  return passesOf(b).valueAndPullback(b, f, x, rest, ctx);
}

/** The value of `f(x)` and its Jacobian over the flattened input and output, by `b`. */
export function valueAndJacobian(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; jacobian: Matrix<Float64Array | Real[]> } {
  return passesOf(b).valueAndJacobian(b, f, x, rest, ctx);
}

/** The value of a scalar function and its gradient in `x`'s structure, by `b`. */
export function valueAndGradient(
  f: UserFunction,
  b: ConcreteBackend,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: Real; gradient: unknown } {
  return passesOf(b).valueAndGradient(b, f, x, rest, ctx);
}
