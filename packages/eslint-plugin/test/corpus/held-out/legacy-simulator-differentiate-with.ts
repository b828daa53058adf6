// corpus: clean
// about: a legacy spring simulator on Float64Array wrapped with differentiateWith(…, finiteDifferences()), so its body only runs on numbers, inside a misfit differentiated in reverse mode
import { differentiateWith, finiteDifferences, gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { mean, square, sub } from '@pullback/rules-core/math';

/** Semi-implicit Euler for x'' = −k x − c x'; returns the positions sampled every 20 steps. */
function simulateSpring(params: Float64Array, steps: number): Float64Array {
  const [k, c] = params;
  const dt = 0.01;
  const samples = new Float64Array(Math.floor(steps / 20));
  let x = 1;
  let v = 0;
  for (let s = 0; s < steps; s++) {
    v += dt * (-k * x - c * v);
    x += dt * v;
    if (s % 20 === 19) samples[(s - 19) / 20] = x;
  }
  return samples;
}

const spring = differentiateWith((p: Float64Array) => simulateSpring(p, 400), finiteDifferences());

export const misfitGradient = (p0: number[], observed: readonly number[]) =>
  gradient((p: RealArray) => mean(square(sub(spring(p as Float64Array), observed))), reverse(), p0);
