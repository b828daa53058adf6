// corpus: buggy
// about: the training loop differentiates the squared error of the perceptron of model.ts; the bugs are in model.ts
import { prepareGradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, mul, sub } from '@pullback/rules-core/math';
import { forwardPass, hidden } from './model.js';

const samples = [
  { x: [0, 1], y: 1 },
  { x: [1, 0], y: 1 },
  { x: [1, 1], y: 0 },
];

const size = hidden * 3 + hidden + 1;

const prep = prepareGradient(
  (w: RealArray) => {
    let loss: Real = 0;
    for (const { x, y } of samples) {
      const r = sub(forwardPass(w as number[], x), y);
      loss = add(loss, mul(r, r));
    }
    return loss;
  },
  reverse(),
  new Float64Array(size),
);

export function train(steps: number, rate: number): Float64Array {
  const w = new Float64Array(size).map(() => Math.random() - 0.5);
  for (let k = 0; k < steps; k++) {
    const g = prep.gradient(w);
    for (let i = 0; i < w.length; i++) w[i] -= rate * g[i];
  }
  return w;
}
