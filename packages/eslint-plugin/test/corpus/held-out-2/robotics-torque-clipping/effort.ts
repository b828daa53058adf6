// corpus: buggy
// about: effort cost of joint torques limited to ±2 N·m by limits.ts, differentiated in the commanded torques
import { gradient, reverse } from '@pullback/engine';
import { square, sum } from '@pullback/rules-core/math';
import { clipInPlace } from './limits.js';

export const effortGradient = gradient(
  (torques: number[]) => sum(square(clipInPlace(torques, 2))), // expect: prefer-generic-types
  reverse(),
  [0.5, -3.1, 1.8, 2.6],
);
