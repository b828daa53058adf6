// corpus: buggy
// about: hierarchical normal model as an object whose methods take the parameters as Float64Array; the log densities are raw arithmetic and Math.exp on active values
import { prepareGradient, reverse } from '@pullback/engine';

const groups = [
  [2.1, 1.8, 2.5],
  [3.4, 3.9],
  [1.1, 0.7, 1.3, 0.9],
];

export const hierarchical = {
  logPrior(theta: Float64Array) { // expect: prefer-generic-types
    const mu = theta[0];
    const logTau = theta[1];
    const tau = Math.exp(logTau); // expect: no-active-coercion
    let lp = -0.5 * mu * mu; // expect: no-raw-arithmetic
    for (let g = 0; g < groups.length; g++) {
      const z = (theta[2 + g] - mu) / tau; // expect: no-raw-arithmetic
      lp -= 0.5 * z * z + logTau; // expect: no-raw-arithmetic
    }
    return lp;
  },
  logLik(theta: Float64Array) { // expect: prefer-generic-types
    let ll = 0;
    groups.forEach((ys, g) => {
      for (const y of ys) ll -= 0.5 * (y - theta[2 + g]) ** 2; // expect: no-raw-arithmetic
    });
    return ll;
  },
  logPosterior(theta: Float64Array) { // expect: prefer-generic-types
    return this.logPrior(theta) + this.logLik(theta); // expect: no-raw-arithmetic
  },
};

/** Prepared once for the HMC sampler, which calls it at every leapfrog step. */
export const hmcGradient = prepareGradient(
  (theta: Float64Array) => hierarchical.logPosterior(theta), // expect: prefer-generic-types
  reverse(),
  new Float64Array(5),
);
