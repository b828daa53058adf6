// corpus: buggy
// about: a spread statistic that sanitises its any[] input with .map(Number); Number is passed as a callback and coerces the active entries
import { gradient, reverse } from '@pullback/engine';
import { mean, square, sub } from '@pullback/rules-core/math';

export function meanSquaredDeviation(raw: any[], reference: number) {
  const xs: number[] = raw.map(Number); // expect: no-active-coercion
  return mean(square(sub(xs, reference)));
}

export const deviationGradient = (sample: number[], reference: number) =>
  gradient((v: any[]) => meanSquaredDeviation(v, reference), reverse(), sample);
