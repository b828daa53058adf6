// corpus: buggy
// about: differentiates the oscillator's energy after 100 steps in its damping; the arithmetic that drops it is in oscillator.ts
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { Oscillator } from './oscillator.js';

export const dEnergy = derivative(
  (damping: Real) => {
    const osc = new Oscillator(damping as number, 2);
    for (let k = 0; k < 100; k++) osc.step(0.01);
    return osc.energy();
  },
  forward(),
  0.1,
);
