// corpus: buggy
// about: log-softmax of a signal classifier's logits typed number[], with a spread Math.max, a reduce of Math.exp and raw subtraction; the gradient of the loss is lost
import { gradient, reverse } from '@pullback/engine';

function logSoftmax(z: number[]) { // expect: prefer-generic-types
  const m = Math.max(...z); // expect: no-active-coercion
  const total = z.reduce((s, v) => s + Math.exp(v - m), 0); // expect: no-raw-arithmetic, no-active-coercion
  const lse = m + Math.log(total); // expect: no-raw-arithmetic, no-active-coercion
  return z.map((v) => v - lse); // expect: no-raw-arithmetic
}

const label = 2;
export const dLogits = gradient((z: number[]) => -logSoftmax(z)[label], reverse(), [1.2, -0.3, 0.8, 0.1]); // expect: prefer-generic-types, no-raw-arithmetic
