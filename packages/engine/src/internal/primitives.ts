import type { DifferentiableFunction } from '@pullback/rules-core';
import * as m from '@pullback/rules-core/math';

/**
 * Numeric partials of the vocabulary's hottest scalar functions. Both interpreters use them
 * on plain numbers so a recorded operation costs a few multiplications, not a call to the
 * partials closure and an array allocation. Anything not listed here goes through its rule.
 */
export interface Primitive {
  readonly arity: 1 | 2;
  /** The value on numbers. */
  readonly f: (a: number, b: number) => number;
  /** ∂y/∂a at (a, b) with value y. */
  readonly da: (a: number, b: number, y: number) => number;
  /** ∂y/∂b at (a, b) with value y (unused for unary functions). */
  readonly db: (a: number, b: number, y: number) => number;
}

const none = (): number => 0;
const unary = (f: (a: number) => number, da: (a: number, y: number) => number): Primitive => ({
  arity: 1,
  f: (a) => f(a),
  da: (a, _b, y) => da(a, y),
  db: none,
});
const binary = (
  f: (a: number, b: number) => number,
  da: Primitive['da'],
  db: Primitive['db'],
): Primitive => ({ arity: 2, f, da, db });

const table = new Map<unknown, Primitive>([
  [
    m.add,
    binary(
      (a, b) => a + b,
      () => 1,
      () => 1,
    ),
  ],
  [
    m.sub,
    binary(
      (a, b) => a - b,
      () => 1,
      () => -1,
    ),
  ],
  [
    m.mul,
    binary(
      (a, b) => a * b,
      (_a, b) => b,
      (a) => a,
    ),
  ],
  [
    m.div,
    binary(
      (a, b) => a / b,
      (_a, b) => 1 / b,
      (_a, b, y) => -y / b,
    ),
  ],
  [
    m.neg,
    unary(
      (a) => -a,
      () => -1,
    ),
  ],
  [
    m.square,
    unary(
      (a) => a * a,
      (a) => 2 * a,
    ),
  ],
  [m.sqrt, unary(Math.sqrt, (_a, y) => 0.5 / y)],
  [m.exp, unary(Math.exp, (_a, y) => y)],
  [m.log, unary(Math.log, (a) => 1 / a)],
  [m.sin, unary(Math.sin, (a) => Math.cos(a))],
  [m.cos, unary(Math.cos, (a) => -Math.sin(a))],
  [m.tanh, unary(Math.tanh, (_a, y) => 1 - y * y)],
]);

/** The numeric description of `f` when it is one of the hot primitives. */
export function primitiveOf(f: DifferentiableFunction): Primitive | undefined {
  return table.get(f);
}
