import type { IrisData } from '../src/iris.js';
import { PENALTY } from '../src/model.js';

/**
 * The loss's gradient written out by hand on plain numbers, (softmax(Wx) − onehot)xᵀ/n + λW
 * summed over the flowers: a reference that shares nothing with the engine.
 */
export function handGradient(theta: ArrayLike<number>, data: IrisData): Float64Array {
  const { n, classes, features } = data;
  const d = features.rows;
  const g = Float64Array.from(theta, (t) => PENALTY * t);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: classes }, (_, k) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += theta[k * d + j] * features.data[j * n + i];
      return s;
    });
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const total = e.reduce((a, b) => a + b);
    for (let k = 0; k < classes; k++) {
      const residual = e[k] / total - (data.labels[i] === k ? 1 : 0);
      for (let j = 0; j < d; j++) g[k * d + j] += (residual * features.data[j * n + i]) / n;
    }
  }
  return g;
}
