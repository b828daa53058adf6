// corpus: buggy
// about: softmax cross-entropy written on number[] and differentiated in the logits; Math.max/exp/log and raw arithmetic run on active values
import { gradient, reverse } from '@pullback/engine';

export function crossEntropy(logits: number[], label: number): number { // expect: prefer-generic-types
  const m = Math.max(...logits); // expect: no-active-coercion
  const exps = logits.map((z) => Math.exp(z - m)); // expect: no-active-coercion, no-raw-arithmetic
  const total = exps.reduce((acc, e) => acc + e, 0); // expect: no-raw-arithmetic
  return -Math.log(exps[label] / total); // expect: no-raw-arithmetic, no-active-coercion
}

export function logitGradient(logits: number[], label: number): number[] {
  return gradient((z: number[]) => crossEntropy(z, label), reverse(), logits); // expect: prefer-generic-types
}
