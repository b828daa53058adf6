// corpus: buggy
// about: the pose fit differentiates the summed residuals with the vocabulary; its own code is correct
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { add } from '@pullback/rules-core/math';
import { residual } from './residuals.js';
import type { Marker, Pose } from './types.js';

const markers: Marker[] = [
  { x: 1, y: 0 },
  { x: 0, y: 1 },
];

export const poseGradient = gradient(
  (pose: Pose) => {
    let total: Real = 0;
    for (const m of markers) total = add(total, residual(pose, m));
    return total;
  },
  reverse(),
  [0.1, 0, 0],
);
