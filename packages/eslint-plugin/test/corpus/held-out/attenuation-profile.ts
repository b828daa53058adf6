// corpus: buggy
// about: an attenuation model writes amplitude·exp(-decay·depth) into similar(depths); for the constant depth grid similar gives a Float64Array, and the index write (cast `as number`) drops the fitted parameters' derivatives
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, exp, mul, neg, similar, square, sub, sum } from '@pullback/rules-core/math';

const DEPTHS = new Float64Array([0, 0.5, 1, 2, 4, 8]);

export function attenuation(depths: RealArray, amplitude: Real, decay: Real): RealArray {
  const out = similar(depths);
  for (let i = 0; i < depths.length; i++) {
    out[i] = mul(amplitude, exp(mul(neg(decay), at(depths, i)))) as number; // expect: no-typed-array-write
  }
  return out;
}

export function misfitGradient(observed: readonly number[], start: number[]): number[] {
  return gradient(
    (p: RealArray) => sum(square(sub(attenuation(DEPTHS, at(p, 0), at(p, 1)), observed))),
    reverse(),
    start,
  );
}
