// corpus: clean
// about: an `any` parameter object that does carry active values (destructured), used only through the vocabulary: a damped oscillator's frequency differentiated in its parameters
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { div, mul, sqrt, square, sub } from '@pullback/rules-core/math';

export function dampedFrequency(params: any): Real {
  const { stiffness, mass, damping } = params;
  const omega0 = sqrt(div(stiffness, mass));
  const zeta = div(damping, mul(2, sqrt(mul(stiffness, mass))));
  return mul(omega0, sqrt(sub(1, square(zeta))));
}

export const frequencySensitivity = (params: { stiffness: number; mass: number; damping: number }) =>
  gradient((p: any) => dampedFrequency(p), reverse(), params);
