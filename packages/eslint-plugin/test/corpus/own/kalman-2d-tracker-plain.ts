// corpus: clean
// about: a constant-velocity Kalman tracker on plain numbers in a file that also differentiates a smoothing objective correctly
import { gradient, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, square, sub } from '@pullback/rules-core/math';

export class Tracker {
  private p = 0;
  private v = 0;
  private P = [1, 0, 0, 1];

  update(z: number, dt: number, r: number, q: number): number {
    this.p += this.v * dt;
    const [a, b, c, d] = this.P;
    const P00 = a + dt * (b + c) + dt * dt * d + q;
    const s = P00 + r;
    const k0 = P00 / s;
    const k1 = (c + dt * d) / s;
    const innovation = z - this.p;
    this.p += k0 * innovation;
    this.v += k1 * innovation;
    this.P = [(1 - k0) * P00, (1 - k0) * (b + dt * d), c + dt * d - k1 * P00, d + q - k1 * (b + dt * d)];
    return this.p;
  }
}

export const dSmooth = gradient(
  (path: RealArray) => {
    let s: Real = 0;
    for (let i = 1; i < path.length; i++) s = add(s, square(sub(at(path, i), at(path, i - 1))));
    return s;
  },
  reverse(),
  [0, 1, 3, 2],
);
