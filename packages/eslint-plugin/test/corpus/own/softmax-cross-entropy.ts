// corpus: buggy
// about: softmax cross-entropy written on number[]; the logits are active, so Math.*, reduce sums and divisions drop the derivative
import { differentiable } from '@pullback/rules-core';

function softmax(logits: number[]): number[] { // expect: prefer-generic-types
  const m = Math.max(...logits); // expect: no-active-coercion
  const exps = logits.map((v) => Math.exp(v - m)); // expect: no-active-coercion, no-raw-arithmetic
  const total = exps.reduce((a, b) => a + b, 0); // expect: no-raw-arithmetic
  return exps.map((e) => e / total); // expect: no-raw-arithmetic
}

export const crossEntropy = differentiable((logits: number[], label: number) => { // expect: prefer-generic-types
  const p = softmax(logits);
  return -Math.log(p[label]); // expect: no-raw-arithmetic, no-active-coercion
});
