// corpus: clean
// about: a 1-D convolution whose body works on Float64Arrays for speed; it declares both an frule and an rrule, so the body only ever runs on numbers
import { differentiable, zeroTangent, type RealArray } from '@pullback/rules-core';
import { add, at, concat, mul, slice, sum } from '@pullback/rules-core/math';

function convolveNumbers(x: Float64Array, k: Float64Array): Float64Array {
  const out = new Float64Array(x.length - k.length + 1);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let j = 0; j < k.length; j++) s += x[i + j] * k[j];
    out[i] = s;
  }
  return out;
}

function convolveGeneric(x: RealArray, k: Float64Array): RealArray {
  const out = [];
  for (let i = 0; i + k.length <= x.length; i++) out.push(sum(mul(slice(x, i, i + k.length), k)));
  return out;
}

function correlateBack(dy: RealArray, k: Float64Array, n: number): RealArray {
  const parts = [];
  for (let i = 0; i < n; i++) {
    let s = mul(0, at(dy, 0));
    for (let j = 0; j < k.length; j++) {
      const o = i - j;
      if (o >= 0 && o < dy.length) s = add(s, mul(at(dy, o), k[j]));
    }
    parts.push([s]);
  }
  return concat(...parts);
}

export const convolve = differentiable(convolveNumbers, {
  frule: ([x, k], [dx]) => [convolveNumbers(x, k), convolveGeneric(dx as RealArray, k)],
  rrule: ([x, k]) => [
    convolveNumbers(x, k),
    (dy) => [correlateBack(dy as RealArray, k, x.length), zeroTangent],
  ],
});
