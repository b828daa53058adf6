// corpus: buggy
// about: a quantised activation rounds the active pre-activation; floor and Math.round have zero derivative and the result reaches the output
import { differentiable, type Real } from '@pullback/rules-core';
import { div, floor, mul } from '@pullback/rules-core/math';

export const quantise = differentiable((x: Real) => div(floor(mul(x, 16)), 16)); // expect: no-nondifferentiable-math

export const roundCents = differentiable((x: number) => Math.round(x * 100) / 100); // expect: prefer-generic-types, no-active-coercion|no-nondifferentiable-math, no-raw-arithmetic
