// corpus: buggy
// about: range-bearing measurement model for a robot pose typed any; Math.hypot/Math.atan2 and raw arithmetic on the pose drop the EKF measurement Jacobian
import { forward, jacobian } from '@pullback/engine';

interface Landmark {
  x: number;
  y: number;
}

function predictMeasurement(pose: any, lm: Landmark) {
  const dx = lm.x - pose.x; // expect: no-raw-arithmetic
  const dy = lm.y - pose.y; // expect: no-raw-arithmetic
  const range = Math.hypot(dx, dy); // expect: no-active-coercion
  const bearing = Math.atan2(dy, dx) - pose.heading; // expect: no-active-coercion, no-raw-arithmetic
  return [range, bearing];
}

export const H = jacobian(predictMeasurement, forward(), { x: 1, y: 2, heading: 0.3 }, { x: 4, y: 6 });
