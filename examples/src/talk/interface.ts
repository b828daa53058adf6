/**
 * The talk's DifferentiationInterface slide: one operator, three backends. `f(x) = sum(abs2, x)`
 * at [1, 2, 3, 4] gives (30, [2, 4, 6, 8]) with each; preparation reuses the work.
 */
import {
  finiteDifferences,
  forward,
  prepareGradient,
  reverse,
  valueAndGradient,
} from '@pullback/engine';
import { sumOfSquares } from './copies.js';

/** `valueAndGradient` with forward, reverse and finite-difference backends. */
export function oneInterface(): { backend: string; value: number; gradient: number[] }[] {
  const x = [1, 2, 3, 4];
  return [forward(), reverse(), finiteDifferences()].map((backend) => {
    const [value, gradient] = valueAndGradient(sumOfSquares, backend, x);
    return {
      backend: backend.kind,
      value: value as number,
      gradient: Array.from(gradient),
    };
  });
}

/** A prepared gradient used at many points, as step 3 of the slide suggests. */
export function preparedGradients(): number[][] {
  const prep = prepareGradient(sumOfSquares, reverse(), new Float64Array(4));
  return [0, 1, 2].map((k) =>
    Array.from(prep.gradient(Float64Array.from([1, 2, 3, 4], (v) => v + k))),
  );
}
