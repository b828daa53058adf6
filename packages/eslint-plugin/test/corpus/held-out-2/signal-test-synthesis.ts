// corpus: clean
// about: test-signal synthesis (a linear chirp plus seeded noise) and an RMS meter: plain Float64Array code in the module that fits a gain with pullback
import type { RealArray } from '@pullback/rules-core';
import { at, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

/** A small linear congruential generator, so test signals are reproducible. */
export function seededNoise(n: number, seed: number, amplitude: number): Float64Array {
  const out = new Float64Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = amplitude * (state / 2 ** 32 - 0.5);
  }
  return out;
}

export function chirp(n: number, sampleRate: number, f0: number, f1: number): Float64Array {
  const out = new Float64Array(n);
  const duration = n / sampleRate;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    out[i] = Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) / (2 * duration)) * t * t));
  }
  return out;
}

export function rms(x: Float64Array): number {
  let acc = 0;
  for (const v of x) acc += v * v;
  return Math.sqrt(acc / x.length);
}

const clean = chirp(256, 8000, 100, 900);
const noise = seededNoise(256, 42, 0.05);
const recorded = clean.map((v, i) => 0.7 * v + noise[i]);

/** Gradient in the gain of the squared error between the gained chirp and the recording. */
export const dGain = gradient((g: RealArray) => sum(square(sub(mul(at(g, 0), clean), recorded))), reverse(), [1]);
export const noiseLevel = rms(noise);
