import { describe, expect, it } from 'vitest';
import { EscapedActiveError, type Real, type RealArray } from '@pullback/rules-core';
import { at, mul, sin } from '@pullback/rules-core/math';
import {
  auto,
  derivative,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  jacobian,
  pushforward,
  reverse,
  type Backend,
} from '@pullback/engine';

/**
 * Issue 11, item 12: an active value stored outside `f` by an earlier call is dead once that
 * call's pass has ended. Returned from `f`, it used to come back as `y` with a derivative of 0;
 * it is now an `EscapedActiveError` that says what happened and what to do.
 */

const backends: [string, Backend][] = [
  ['reverse()', reverse()],
  ['forward()', forward()],
  ['auto()', auto()],
  ['finiteDifferences()', finiteDifferences()],
];

/** Leaves an active scalar and an active array of `b`'s pass behind. */
function leak(b: Backend): { scalar: unknown; array: unknown } {
  const kept: { scalar?: unknown; array?: unknown } = {};
  gradient(
    (x: RealArray) => {
      kept.array = sin(x);
      kept.scalar = mul(at(x, 0), 2);
      return kept.scalar as Real;
    },
    b.kind === 'finiteDifferences' ? reverse() : b,
    new Float64Array([1, 2]),
  );
  return kept as { scalar: unknown; array: unknown };
}

describe.each(backends)('returning a stored active value with %s', (_n, b) => {
  const { scalar, array } = leak(b);
  it.each([
    ['gradient of a stored scalar', () => gradient(() => scalar as Real, b, new Float64Array([3]))],
    ['derivative of a stored scalar', () => derivative(() => scalar as Real, b, 3)],
    [
      'jacobian of a stored array',
      () => jacobian(() => array as RealArray, b, new Float64Array([3])),
    ],
    [
      'pushforward of a stored value inside an array',
      () => pushforward((x: Real) => [x, scalar as Real], b, 3, 1),
    ],
    [
      'pushforward of a stored value inside a record',
      () => pushforward((x: Real) => ({ a: x, b: { c: array } }), b, 3, 1),
    ],
    ['hessian of a stored scalar', () => hessian(() => scalar as Real, b, new Float64Array([3]))],
  ])('%s is an EscapedActiveError', (_what, call) => {
    expect(call).toThrow(EscapedActiveError);
    expect(call).toThrow(/stored outside f/);
  });
});

it('names the operator and the place in the output', () => {
  const { scalar } = leak(reverse());
  expect(() => pushforward((x: Real) => [x, scalar as Real], reverse(), 3, 1)).toThrow(
    /^pushforward: f returned, at f\(x\)\[1\], an active value left over/,
  );
});

it('a value computed in this call is fine', () => {
  expect(gradient((x: RealArray) => mul(at(x, 0), 3), reverse(), new Float64Array([1]))).toEqual(
    new Float64Array([3]),
  );
});
