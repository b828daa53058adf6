// corpus: buggy
// about: inverse kinematics of a two-link arm by Newton steps; the residual takes the joint angles as any and uses Math.cos/Math.sin on them
import { forward, jacobian } from '@pullback/engine';

const L1 = 1;
const L2 = 0.8;
const target = [1.2, 0.6];

function residual(q: any) {
  const x = L1 * Math.cos(q[0]) + L2 * Math.cos(q[0] + q[1]); // expect: no-raw-arithmetic, no-active-coercion
  const y = L1 * Math.sin(q[0]) + L2 * Math.sin(q[0] + q[1]); // expect: no-raw-arithmetic, no-active-coercion
  return [x - target[0], y - target[1]]; // expect: no-raw-arithmetic
}

/** One Newton step q ← q − J⁻¹ r; the driver works on the numbers it gets back. */
export function newtonStep(q: number[]): number[] {
  const { data: J } = jacobian(residual, forward(), q);
  const r = residual(q) as number[];
  const det = J[0] * J[3] - J[1] * J[2];
  return [q[0] - (J[3] * r[0] - J[1] * r[1]) / det, q[1] - (-J[2] * r[0] + J[0] * r[1]) / det];
}
