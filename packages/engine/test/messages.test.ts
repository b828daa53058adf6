import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { mul, sin, sum } from '@pullback/rules-core/math';
import {
  auto,
  derivative,
  forward,
  gradient,
  gradientAndHvp,
  hessian,
  hvp,
  jacobian,
  OutputShapeError,
  prepareGradient,
  prepareHessian,
  prepareHvp,
  prepareJacobian,
  pushforward,
  reverse,
  secondDerivative,
  secondOrder,
  valueAndGradient,
  valueGradientAndHessian,
  type Backend,
} from '@pullback/engine';

/**
 * Issue 11, item 23: the operator layer's messages name the operator the user called (a
 * `hessian` of a vector function used to say "gradient needs f to return a single number"), in
 * good English ("x is a Int32Array" is now "an Int32Array").
 */

const message = (call: () => unknown): string => {
  try {
    call();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the call to throw');
};

const vector = (x: RealArray) => sin(x);
const x = new Float64Array([1, 2]);

describe('a function that does not return one number', () => {
  const secondOrders: [string, Backend][] = [
    ['reverse()', reverse()],
    ['forward()', forward()],
    ['secondOrder(reverse(), forward())', secondOrder(reverse(), forward())],
  ];
  it.each(secondOrders)('is named by the second-order operator called, with %s', (_n, b) => {
    for (const [op, call] of [
      // @ts-expect-error: vector returns an array: the run-time message is under test
      ['hessian', () => hessian(vector, b, x)],
      // @ts-expect-error: vector returns an array: the run-time message is under test
      ['valueGradientAndHessian', () => valueGradientAndHessian(vector, b, x)],
      // @ts-expect-error: vector returns an array: the run-time message is under test
      ['hvp', () => hvp(vector, b, x, x)],
      // @ts-expect-error: vector returns an array: the run-time message is under test
      ['gradientAndHvp', () => gradientAndHvp(vector, b, x, x)],
      // @ts-expect-error: vector returns an array: the run-time message is under test
      ['hessian', () => prepareHessian(vector, b, x).hessian(x)],
      // @ts-expect-error: vector returns an array: the run-time message is under test
      ['hvp', () => prepareHvp(vector, b, x).hvp(x, x)],
    ] as const) {
      expect(call).toThrow(OutputShapeError);
      const text = message(call);
      expect(text).toMatch(
        new RegExp(
          `^${op} needs f to return a single number, but f returned a value of shape Float64Array\\(2\\)\\.`,
        ),
      );
      expect(text).not.toMatch(/gradient needs/);
      expect(text).toMatch(/weighted sum of the outputs/);
    }
  });
  it('is named by the first-order operator called', () => {
    // @ts-expect-error: vector returns an array: the run-time message is under test
    expect(message(() => gradient(vector, reverse(), x))).toMatch(
      /^gradient needs f to return a single number, but f returned a value of shape Float64Array\(2\)\. Use jacobian/,
    );
    // @ts-expect-error: vector returns an array: the run-time message is under test
    expect(message(() => valueAndGradient(vector, forward(), x))).toMatch(
      /^valueAndGradient needs/,
    );
    // @ts-expect-error: vector returns an array: the run-time message is under test
    expect(message(() => prepareGradient(vector, reverse(), x).valueAndGradient(x))).toMatch(
      /^valueAndGradient needs/,
    );
  });
});

it('names the operator when x or the backend is wrong, with the right article', () => {
  expect(message(() => gradient(vector as never, reverse(), new Int32Array(2) as never))).toMatch(
    /^gradient: x is an Int32Array, which cannot be differentiated: convert it with Float64Array\.from/,
  );
  expect(message(() => jacobian(vector as never, reverse(), new Uint8Array(2) as never))).toMatch(
    /^jacobian: x is a Uint8Array/,
  );
  expect(message(() => derivative((t: Real) => t, reverse(), [1, 2] as never))).toBe(
    'derivative differentiates a function of one real number, but x is an array of length 2; use pushforward or jacobian for array inputs.',
  );
  expect(message(() => secondDerivative((t: Real) => t, reverse(), [1] as never))).toMatch(
    /^secondDerivative differentiates a function of one real number/,
  );
  expect(message(() => gradient(vector as never, 'reverse' as never, x))).toMatch(
    /^The second argument of gradient must be a backend: forward\(\), reverse\(\)/,
  );
  expect(message(() => pushforward(vector, forward(), x, [1] as never))).toBe(
    'pushforward: tx has the shape number[1], but x is Float64Array(2); pass tx with one entry per scalar of x, arranged as x is.',
  );
  expect(
    message(() =>
      prepareHvp((v: RealArray) => sum(v), reverse(), x).gradientAndHvp(x, [1] as never),
    ),
  ).toMatch(/^gradientAndHvp: v has the shape number\[1\]/);
  expect(
    message(() =>
      prepareGradient((v: RealArray) => sum(v), reverse(), x).gradient(new Float64Array(3)),
    ),
  ).toBe(
    'gradient: this gradient preparation was made for Float64Array(2), but was called with Float64Array(3). Prepare again with prepareGradient for the new shape.',
  );
});

it('explains auto() with counts in plain English', () => {
  const square = (v: RealArray) => mul(v, v);
  const wide = (v: RealArray) => sum(v);
  expect(prepareJacobian(square, auto(), x).explain()).toMatch(
    /^auto\(\) chose forward mode for jacobian: with 2 inputs and 2 outputs, forward mode needs 1 pass \(2 directions each\) where reverse mode needs 2 sweeps\./,
  );
  expect(prepareJacobian(wide, auto(), x).explain()).toMatch(
    /^auto\(\) chose reverse mode for jacobian: with 2 inputs and 1 output, reverse mode needs 1 sweep where forward mode needs 2 directions\./,
  );
});
