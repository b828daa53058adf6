// corpus: clean
// about: gradient descent on the model of model.ts; the parameter update and the accuracy metric are plain-number code that is never differentiated
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { logisticModel, type Example } from './model.js';

export function accuracy(w: Float64Array, data: readonly Example[]): number {
  let correct = 0;
  for (const { features, label } of data) {
    let z = w[0];
    features.forEach((f, j) => {
      z += w[j + 1] * f;
    });
    if ((z > 0 ? 1 : 0) === label) correct++;
  }
  return correct / data.length;
}

export function train(data: readonly Example[], epochs = 200, lr = 0.1): Float64Array {
  let w = new Float64Array(data[0].features.length + 1);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const g = gradient((v: RealArray) => logisticModel.loss(v, data), reverse(), w);
    w = w.map((wi, j) => wi - (lr / data.length) * g[j]);
    if (epoch % 50 === 0) console.log(`epoch ${epoch}: accuracy ${accuracy(w, data).toFixed(3)}`);
  }
  return w;
}
