// corpus: clean
// about: autocorrelation of a signal at a given lag, differentiated in the signal; the lag parameter is a number used only as an index offset
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, mul, sub, sum, mean } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export function autocorrelation(x: RealArray, lag: number): Real {
  const centred = sub(x, mean(x));
  let num: Real = 0;
  for (let i = 0; i + lag < x.length; i++) {
    num = add(num, mul(at(centred, i), at(centred, i + lag)));
  }
  return div(num, sum(mul(centred, centred)));
}

const vibration = Array.from({ length: 48 }, (_, n) => Math.sin(n / 3) + 0.3 * Math.cos(n / 1.7));

export const dAutocorr = gradient(autocorrelation, reverse(), vibration, 6);
