// corpus: buggy
// about: smooth actuator saturation 2·tanh(u/2) declared with scalarRule; its partials return two entries for a one-argument function, which the engine refuses
import { scalarRule, type RealArray } from '@pullback/rules-core';
import { mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export const saturate = scalarRule(
  (u: number) => 2 * Math.tanh(u / 2),
  (_u, y) => [sub(1, mul(0.25, square(y))), y], // expect: valid-rule
);

const desiredTorque = [0.8, -1.5, 1.9];

/** Tracking cost of the saturated commands against the torques the planner wants. */
export const dCommands = gradient(
  (u: RealArray) => sum(square(sub(saturate(u), desiredTorque))),
  reverse(),
  [0.5, -1, 3],
);
