// corpus: buggy
// about: a linear model whose parameters arrive as an object typed any; its fields are active and raw arithmetic drops them
import { gradient, reverse } from '@pullback/engine';

const xs = [0, 1, 2, 3];
const ys = [1, 3, 5, 7];

export const grads = gradient(
  (params: any) => {
    let loss = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = params.w * xs[i] + params.b - ys[i]; // expect: no-raw-arithmetic
      loss += r * r; // expect: no-raw-arithmetic
    }
    return loss;
  },
  reverse(),
  { w: 0, b: 0 },
);
