// corpus: buggy
// about: a training objective logs its loss with a template literal and rounds it with Number(toFixed); both convert the active loss
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { mean, square, sub } from '@pullback/rules-core/math';

const targets = new Float64Array([0.2, 0.4, 0.6]);

export const dMse = gradient(
  (pred: RealArray) => {
    const loss = mean(square(sub(pred, targets)));
    console.log(`mse = ${loss}`); // expect: no-active-coercion
    return loss;
  },
  reverse(),
  [0, 0, 0],
);

export const dRounded = gradient(
  (pred: RealArray) => {
    const loss = mean(square(sub(pred, targets))) as number;
    return Number(loss.toFixed(6)); // expect: no-active-coercion
  },
  reverse(),
  [0, 0, 0],
);
