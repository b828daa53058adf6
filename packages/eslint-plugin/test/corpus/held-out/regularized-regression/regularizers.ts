// corpus: buggy
// about: elastic-net penalties on Float64Array weights for the model in train.ts; map(Math.abs, w) passes Math.abs as a kernel over the active weights
import { map, mul, sum } from '@pullback/rules-core/math';

export const l1 = (w: Float64Array) => sum(map(Math.abs, w)); // expect: prefer-generic-types, no-active-coercion

export const l2 = (w: Float64Array) => sum(mul(w, w)); // expect: prefer-generic-types
