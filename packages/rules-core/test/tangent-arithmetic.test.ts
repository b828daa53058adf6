import { test } from '@fast-check/vitest';
import { describe, expect, expectTypeOf } from 'vitest';
import {
  noTangent,
  thunk,
  zeroTangent,
  type AbstractZero,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import {
  add,
  cumsum,
  div,
  dot,
  exp,
  matmul,
  matvec,
  mean,
  mul,
  neg,
  sin,
  sub,
  sum,
  transpose,
} from '@pullback/rules-core/math';
import { real, vector } from './helpers/arbitraries.js';
import { RecordingInterpreter } from './helpers/fake-interpreter.js';

// ChainRules' tangent arithmetic in the vocabulary (issue 16, item 6): rules written with
// `add`, `mul`, … need no unthunk/isAbstractZero boilerplate. The table follows ChainRulesCore's
// tangent_arithmetic.jl.

const A = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) };

describe('structural zeros', () => {
  test.prop([real(-5, 5)])('a zero term drops out of add and sub', (x) => {
    expect(add(zeroTangent, x)).toBe(x);
    expect(add(x, zeroTangent)).toBe(x);
    expect(add(noTangent, x)).toBe(x);
    expect(sub(x, zeroTangent)).toBe(x);
    expect(sub(zeroTangent, x)).toBe(-x);
  });
  test.prop([real(-5, 5), vector(real(-5, 5))])('a zero factor is the product', (x, xs) => {
    for (const other of [x, xs]) {
      expect(mul(zeroTangent, other)).toBe(zeroTangent);
      expect(mul(other, zeroTangent)).toBe(zeroTangent);
      expect(mul(noTangent, other)).toBe(noTangent);
      expect(div(zeroTangent, other)).toBe(zeroTangent);
    }
    expect(dot(xs, zeroTangent)).toBe(zeroTangent);
  });
  test('zeros combine as ChainRules does: noTangent absorbs zeroTangent', () => {
    expect(add(zeroTangent, zeroTangent)).toBe(zeroTangent);
    expect(add(noTangent, zeroTangent)).toBe(noTangent);
    expect(add(zeroTangent, noTangent)).toBe(noTangent);
    expect(sub(zeroTangent, noTangent)).toBe(noTangent);
    expect(mul(zeroTangent, noTangent)).toBe(noTangent);
    expect(neg(zeroTangent)).toBe(zeroTangent);
    expect(neg(noTangent)).toBe(noTangent);
  });
  test('linear functions of one tangent give the zero back', () => {
    for (const z of [zeroTangent, noTangent]) {
      expect(sum(z)).toBe(z);
      expect(mean(z)).toBe(z);
      expect(cumsum(z)).toBe(z);
      expect(transpose(z)).toBe(z);
      expect(matvec(A, z)).toBe(z);
      expect(matmul(z, A)).toBe(z);
    }
  });
  test('functions that are not linear refuse a structural zero by name', () => {
    // @ts-expect-error: exp takes no tangents (it is not linear)
    expect(() => exp(zeroTangent)).toThrow(TypeError);
    // @ts-expect-error: sin takes no tangents
    expect(() => sin(noTangent)).toThrow(
      /^sin received noTangent, a structural zero standing for a tangent, but sin is not linear/,
    );
    expect(() => div(1, zeroTangent)).toThrow(
      /^div received zeroTangent as the divisor: a tangent can be divided by a value/,
    );
  });
});

describe('thunks', () => {
  test.prop([real(-5, 5), real(-5, 5), vector(real(-5, 5), 3, 3), vector(real(-5, 5), 3, 3)])(
    'are unthunked: every function gives what it gives for the value inside',
    (x, t, xs, ts) => {
      expect(
        add(
          thunk(() => t),
          x,
        ),
      ).toBe(add(t, x));
      expect(
        sub(
          x,
          thunk(() => t),
        ),
      ).toBe(sub(x, t));
      expect(
        mul(
          thunk(() => t),
          thunk(() => x),
        ),
      ).toBe(mul(t, x));
      expect(
        div(
          thunk(() => t),
          x,
        ),
      ).toBe(div(t, x));
      expect(neg(thunk(() => t))).toBe(-t);
      expect(
        mul(
          xs,
          thunk(() => ts),
        ),
      ).toEqual(mul(xs, ts));
      expect(sum(thunk(() => ts))).toBe(sum(ts));
      expect(
        dot(
          thunk(() => xs),
          ts,
        ),
      ).toBe(dot(xs, ts));
      expect(
        matvec(
          A,
          thunk(() => [x, t]),
        ),
      ).toEqual(matvec(A, [x, t]));
      // Nonlinear functions take thunks too: a thunk is a delayed value.
      expect(exp(thunk(() => t) as never)).toBe(Math.exp(t));
    },
  );
  test('a thunk of a zero is that zero', () => {
    expect(
      mul(
        3,
        thunk(() => zeroTangent),
      ),
    ).toBe(zeroTangent);
    expect(
      add(
        thunk(() => noTangent),
        2,
      ),
    ).toBe(2);
  });
});

describe('inside a differentiation', () => {
  test('a tangent next to an active value never reaches the interpreter', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const a = I.active(2) as unknown as Real;
      expect(mul(a, zeroTangent)).toBe(zeroTangent);
      expect(add(zeroTangent, a)).toBe(a);
      expect(
        mul(
          a,
          thunk(() => 3),
        ),
      ).toBe('mul@0');
    });
    // The thunk was unthunked before the call reached the interpreter.
    expect(I.log.map((c) => c.args)).toEqual([[expect.anything(), 3]]);
  });
});

describe('types', () => {
  test('the linear functions take tangents and say a zero may come back', () => {
    const dx = zeroTangent as Real | AbstractZero;
    expectTypeOf(mul(2, dx)).toEqualTypeOf<Real | AbstractZero>();
    expectTypeOf(add(dx, dx)).toEqualTypeOf<Real | AbstractZero>();
    const dxs = thunk(() => new Float64Array(2) as RealArray | AbstractZero);
    expectTypeOf(mul(new Float64Array(2), dxs)).toEqualTypeOf<RealArray | AbstractZero>();
    expectTypeOf(sum(dxs)).toEqualTypeOf<Real | AbstractZero>();
    // Plain values keep their precise types.
    expectTypeOf(mul(2, 3)).toEqualTypeOf<number>();
    expect(mul(2, dx)).toBe(zeroTangent);
  });
});
