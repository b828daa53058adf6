// corpus: clean
// about: the training loop for model.ts: minibatches, a prepared gradient, and an Adam update on a Float64Array of parameters with plain arithmetic
import { prepareGradient, reverse } from '@pullback/engine';
import { bprLoss, embeddingSize, type Triple } from './model.js';

const userCount = 5;
const itemCount = 8;
const triples: Triple[] = Array.from({ length: 40 }, (_, i) => ({
  user: i % userCount,
  preferred: (3 * i) % itemCount,
  other: (3 * i + 1 + (i % 3)) % itemCount,
}));

export function train(epochs: number, rate = 0.01): Float64Array {
  const theta = Float64Array.from({ length: (userCount + itemCount) * embeddingSize }, (_, i) => 0.1 * Math.sin(i));
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  const prep = prepareGradient(bprLoss, reverse(), theta, triples.slice(0, 8), userCount, 1e-3);
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < triples.length; start += 8) {
      const g = prep.gradient(theta, triples.slice(start, start + 8), userCount, 1e-3);
      t++;
      for (let i = 0; i < theta.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        const mHat = m[i] / (1 - 0.9 ** t);
        const vHat = v[i] / (1 - 0.999 ** t);
        theta[i] -= (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
    }
  }
  return theta;
}
