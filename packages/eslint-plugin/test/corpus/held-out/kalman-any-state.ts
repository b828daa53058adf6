// corpus: buggy
// about: a scalar Kalman update on an `any` state, differentiated in the prior; the state's fields meet raw arithmetic
import { gradient, reverse } from '@pullback/engine';

export function kalmanUpdate(state: any, z: number, r: number) {
  const gain = state.p / (state.p + r); // expect: no-raw-arithmetic
  return { x: state.x + gain * (z - state.x), p: (1 - gain) * state.p }; // expect: no-raw-arithmetic
}

/** Sensitivity of the posterior mean to the prior's mean and variance. */
export function priorSensitivity(prior: { x: number; p: number }, z: number, r: number) {
  return gradient((s: any) => kalmanUpdate(s, z, r).x, reverse(), prior);
}
