// corpus: buggy
// about: planar arm forward kinematics on joint angles typed Float64Array; Math.cos/Math.sin and raw sums on the angles drop the Jacobian
import { forward, jacobian } from '@pullback/engine';

const links = [0.5, 0.4, 0.25];

function endEffector(theta: Float64Array) { // expect: prefer-generic-types
  let x = 0;
  let y = 0;
  let phi = 0;
  theta.forEach((t, i) => {
    phi += t; // expect: no-raw-arithmetic
    x += links[i] * Math.cos(phi); // expect: no-raw-arithmetic, no-active-coercion
    y += links[i] * Math.sin(phi); // expect: no-raw-arithmetic, no-active-coercion
  });
  return [x, y];
}

export const armJacobian = jacobian(endEffector, forward(), new Float64Array([0.3, -0.2, 0.5]));
