// corpus: buggy
// about: a local-level Kalman filter class whose predict/update methods take the noise variances as numbers; fit.ts passes them in as active values
export interface Belief {
  readonly mean: number;
  readonly variance: number;
}

export class LocalLevelFilter {
  predict(b: Belief, q: number): Belief { // expect: prefer-generic-types
    return { mean: b.mean, variance: b.variance + q }; // expect: no-raw-arithmetic
  }

  /** The posterior belief and the log-likelihood of the observation `z`. */
  update(b: Belief, z: number, r: number): [Belief, number] { // expect: prefer-generic-types
    const s = b.variance + r; // expect: no-raw-arithmetic
    const gain = b.variance / s; // expect: no-raw-arithmetic
    const innovation = z - b.mean; // expect: no-raw-arithmetic
    const logLik = -0.5 * (Math.log(2 * Math.PI * s) + (innovation * innovation) / s); // expect: no-raw-arithmetic, no-active-coercion
    return [{ mean: b.mean + gain * innovation, variance: (1 - gain) * b.variance }, logLik]; // expect: no-raw-arithmetic
  }
}
