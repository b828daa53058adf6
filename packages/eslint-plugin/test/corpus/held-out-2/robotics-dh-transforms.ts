// corpus: clean
// about: Denavit-Hartenberg transforms on plain numbers for drawing the arm, beside a generic planar forward kinematics that is differentiated for the Jacobian
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, cos, mul, sin } from '@pullback/rules-core/math';
import { forward, jacobian } from '@pullback/engine';

export interface DHParams {
  a: number;
  alpha: number;
  d: number;
  theta: number;
}

/** The 4×4 homogeneous transform of one link, row-major. */
export function dhMatrix({ a, alpha, d, theta }: DHParams): Float64Array {
  const ct = Math.cos(theta);
  const st = Math.sin(theta);
  const ca = Math.cos(alpha);
  const sa = Math.sin(alpha);
  return new Float64Array([ct, -st * ca, st * sa, a * ct, st, ct * ca, -ct * sa, a * st, 0, sa, ca, d, 0, 0, 0, 1]);
}

export function compose(A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += A[4 * i + k] * B[4 * k + j];
      C[4 * i + j] = s;
    }
  }
  return C;
}

/** Joint positions for the viewer: never differentiated. */
export function jointFrames(links: DHParams[]): Float64Array[] {
  const frames: Float64Array[] = [];
  let T: Float64Array = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  for (const link of links) {
    T = compose(T, dhMatrix(link));
    frames.push(T);
  }
  return frames;
}

export function planarTip(q: RealArray, lengths: readonly number[]): Real[] {
  let phi: Real = 0;
  let x: Real = 0;
  let y: Real = 0;
  for (let i = 0; i < lengths.length; i++) {
    phi = add(phi, at(q, i));
    x = add(x, mul(lengths[i], cos(phi)));
    y = add(y, mul(lengths[i], sin(phi)));
  }
  return [x, y];
}

export const tipJacobian = jacobian((q: RealArray) => planarTip(q, [0.5, 0.4]), forward(), [0.3, 0.2]);
