import { fc, test } from '@fast-check/vitest';
import { describe, expect, expectTypeOf } from 'vitest';
import {
  isAbstractZero,
  isNoTangent,
  isThunk,
  isZeroTangent,
  noTangent,
  thunk,
  unthunk,
  zeroTangent,
  type AbstractZero,
  type Active,
  type ActiveArray,
  type Cotangents,
  type Frule,
  type MaybeThunk,
  type NoTangent,
  type Pullback,
  type Real,
  type RealArray,
  type Rrule,
  type Tangent,
  type Tangents,
} from '@pullback/rules-core';

describe('tangent singletons and thunks', () => {
  test('noTangent and zeroTangent are distinct strong zeros', () => {
    expect(isNoTangent(noTangent)).toBe(true);
    expect(isZeroTangent(zeroTangent)).toBe(true);
    expect(isNoTangent(zeroTangent)).toBe(false);
    expect(isAbstractZero(noTangent) && isAbstractZero(zeroTangent)).toBe(true);
    expect(isAbstractZero(0)).toBe(false);
    expect(Object.isFrozen(noTangent) && Object.isFrozen(zeroTangent)).toBe(true);
  });
  test.prop([fc.anything(), fc.integer({ min: 0, max: 5 })])(
    'a thunk is evaluated at most once',
    (value, reads) => {
      let runs = 0;
      const t = thunk(() => {
        runs++;
        return value;
      });
      expect(isThunk(t)).toBe(true);
      expect(runs).toBe(0);
      for (let i = 0; i < reads; i++) expect(unthunk(t)).toBe(value);
      expect(runs).toBe(Math.min(reads, 1));
    },
  );
  test.prop([fc.anything()])('unthunk passes non-thunks through', (v) => {
    expect(unthunk(v)).toBe(v);
  });
});

describe('types: the tangent type follows the primal type', () => {
  test('scalars, arrays, objects, and values without a tangent space', () => {
    expectTypeOf<Tangent<number>>().toEqualTypeOf<Real | AbstractZero>();
    expectTypeOf<Tangent<Active>>().toEqualTypeOf<Real | AbstractZero>();
    // Any argument may take noTangent (a rule's `nondiff` argument, whatever its type).
    expectTypeOf<Tangent<ActiveArray>>().toEqualTypeOf<RealArray | AbstractZero>();
    expectTypeOf<Tangent<Float64Array>>().toEqualTypeOf<RealArray | AbstractZero>();
    expectTypeOf<Tangent<number[]>>().toEqualTypeOf<RealArray | AbstractZero>();
    expectTypeOf<Tangent<string>>().toEqualTypeOf<NoTangent>();
    expectTypeOf<Tangent<boolean>>().toEqualTypeOf<NoTangent>();
    expectTypeOf<Tangent<(x: number) => number>>().toEqualTypeOf<NoTangent>();
    expectTypeOf<Tangent<{ w: number; name: string }>>().toEqualTypeOf<
      { w: Real | AbstractZero; name: NoTangent } | AbstractZero
    >();
    expectTypeOf<{ w: 1; name: NoTangent }>().toMatchTypeOf<Tangent<{ w: number; name: string }>>();
    expectTypeOf<Float64Array>().toMatchTypeOf<Tangent<number[]>>();
    expectTypeOf<string>().not.toMatchTypeOf<Tangent<number>>();
  });
  test('rule signatures derive tangents and cotangents from the argument types', () => {
    type A = [x: number, flag: boolean, xs: Float64Array];
    expectTypeOf<Tangents<A>>().toEqualTypeOf<
      [Real | AbstractZero, NoTangent, RealArray | AbstractZero]
    >();
    expectTypeOf<Cotangents<A>>().toEqualTypeOf<
      [MaybeThunk<Real | AbstractZero>, MaybeThunk<NoTangent>, MaybeThunk<RealArray | AbstractZero>]
    >();
    expectTypeOf<Parameters<Frule<A, number>>[1]>().toEqualTypeOf<Tangents<A>>();
    expectTypeOf<ReturnType<Frule<A, number>>>().toEqualTypeOf<[number, Real | AbstractZero]>();
    expectTypeOf<ReturnType<Rrule<A, number>>>().toEqualTypeOf<[number, Pullback<A, number>]>();
    expectTypeOf<ReturnType<Pullback<A, number>>>().toEqualTypeOf<Cotangents<A>>();
  });
});
