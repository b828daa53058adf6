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
import type { Transcript } from './transcript.js';

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

/** The slide "Getting started": one operator with three backends, then preparation. */
export function gettingStartedSlides(t: Transcript): void {
  t.slide('Getting started');
  t.say('f(x) = sum(abs2, x), here sum(square(x)), at x = [one, two, three, four]:');
  for (const r of oneInterface()) {
    // AD backends are exact; central differences are good to ~1e-10 here (rounded to 8 digits).
    const tolerance = r.backend === 'finiteDifferences' ? 1e-8 : 0;
    t.show(
      `valueAndGradient(f, ${r.backend}(), x)`,
      [r.value, ...r.gradient],
      [30, 2, 4, 6, 8],
      tolerance,
    );
  }
  t.say('Step three, preparation: prepareGradient once, then the prepared gradient at new points.');
  preparedGradients().forEach((g, k) =>
    t.show(
      `prepared.gradient(x + ${k})`,
      g,
      [2, 4, 6, 8].map((v) => v + 2 * k),
    ),
  );
}
