import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, mul, sin, sum } from '@pullback/rules-core/math';
import {
  auto,
  derivative,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  OutputShapeError,
  prepareGradient,
  pullback,
  pushforward,
  reverse,
  secondOrder,
  sparse,
  type Backend,
} from '@pullback/engine';

/**
 * Issue 11, item 17: an `async` `f` returns a promise. Operators used to report an
 * `OutputShapeError` about its shape, then the promise they dropped rejected (an active value
 * coerced, or the pass over) and ended the process. They now say `f` must be synchronous, and
 * handle the rejection.
 */

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
});

/** Lets the promises f returned settle, and their rejections be reported if unhandled. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Rejects: it coerces an active value after an await (the pass is over by then too). */
const rejecting = async (x: RealArray): Promise<Real> => {
  await Promise.resolve();
  return Number(at(x, 0)) as Real;
};
/** Rejects before its first await: the coercion happens while the pass still runs. */
const rejectingAtOnce = async (x: RealArray): Promise<Real> => Number(at(x, 0)) as Real;
/** Resolves to a perfectly good value, too late. */
const resolving = async (x: RealArray): Promise<RealArray> => sin(x);

const backends: [string, Backend][] = [
  ['reverse()', reverse()],
  ['forward()', forward()],
  ['auto()', auto()],
  ['finiteDifferences()', finiteDifferences()],
];

describe.each(backends)('an async f with %s', (_n, b) => {
  const x = new Float64Array([1, 2]);
  it.each([
    ['gradient', (f: never) => gradient(f, b, x)],
    ['jacobian', (f: never) => jacobian(f, b, x)],
    ['pushforward', (f: never) => pushforward(f, b, x, x)],
    ['pullback', (f: never) => pullback(f, b, x, 1)],
    ['derivative', (f: never) => derivative(f, b, 1)],
    ['hessian', (f: never) => hessian(f, b, x)],
    ['hvp', (f: never) => hvp(f, b, x, x)],
    ['prepareGradient', (f: never) => prepareGradient(f, b, x).gradient(x)],
  ])('%s says f must be synchronous, and no rejection goes unhandled', async (op, call) => {
    for (const f of [rejecting, rejectingAtOnce, resolving]) {
      let error: unknown;
      try {
        call(f as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutputShapeError);
      expect((error as Error).message).toMatch(/f returned a promise.*synchronous/);
      expect((error as Error).message.startsWith(op === 'prepareGradient' ? 'gradient' : op)).toBe(
        true,
      );
    }
    await settle();
    expect(unhandled).toEqual([]);
  });
});

it.each([
  ['jacobian', 'sparse(forward())', () => sparse(forward())],
  [
    'hessian',
    'sparse(secondOrder(forward(), reverse()))',
    () => sparse(secondOrder(forward(), reverse())),
  ],
] as const)(
  '%s with %s refuses it before the sparsity detector drops the promise',
  async (op, _n, b) => {
    const x = new Float64Array([1, 2]);
    for (const f of [rejecting, rejectingAtOnce, resolving]) {
      const call =
        op === 'jacobian' ? () => jacobian(f as never, b(), x) : () => hessian(f as never, b(), x);
      expect(call).toThrow(OutputShapeError);
      expect(call).toThrow(new RegExp(`^${op}: f returned a promise`));
    }
    await settle();
    expect(unhandled).toEqual([]);
  },
);

it('a synchronous f returning a thenable-free value is untouched by the check', () => {
  expect(gradient((x: RealArray) => sum(mul(x, x)), reverse(), [1, 2])).toEqual([2, 4]);
});
