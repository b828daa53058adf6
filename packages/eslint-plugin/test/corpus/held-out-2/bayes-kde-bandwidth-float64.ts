// corpus: buggy
// about: leave-one-out likelihood of a kernel density estimate with the bandwidth typed number; densities go into a Float64Array through raw Math.exp and are read back
import { derivative, forward } from '@pullback/engine';

const samples = [1.2, 0.4, 2.2, 1.9, 0.8, 1.5, 3.1];

function leaveOneOutLogLik(h: number) { // expect: prefer-generic-types
  const dens = new Float64Array(samples.length); // expect: no-non-generic-storage
  for (let i = 0; i < samples.length; i++) {
    for (let j = 0; j < samples.length; j++) {
      if (i === j) continue;
      const z = (samples[i] - samples[j]) / h; // expect: no-raw-arithmetic
      dens[i] += Math.exp(-0.5 * z * z) / (h * Math.sqrt(2 * Math.PI)); // expect: no-typed-array-write, no-raw-arithmetic, no-active-coercion
    }
  }
  let ll = 0;
  for (const d of dens) ll += Math.log(d / (samples.length - 1)); // expect: no-raw-arithmetic, no-active-coercion
  return ll;
}

/** Bandwidth selection: the derivative of the cross-validated likelihood. */
export const dLogLik = derivative(leaveOneOutLogLik, forward(), 0.6);
