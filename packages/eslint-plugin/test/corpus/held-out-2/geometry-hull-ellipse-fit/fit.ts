// corpus: clean
// about: fits an axis-aligned ellipse to the hull points of hull.ts by least squares on the implicit equation; only the ellipse parameters are differentiated
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, div, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';
import { convexHull, perimeter, type Point } from './hull.js';

const cloud: Point[] = Array.from({ length: 60 }, (_, k) => [
  2 * Math.cos(k * 0.7) * (0.6 + 0.4 * ((k * 37) % 10) / 10),
  Math.sin(k * 0.7) * (0.6 + 0.4 * ((k * 53) % 10) / 10),
]);
const hull = convexHull(cloud);

/** Σ ((x − cx)²/a² + (y − cy)²/b² − 1)² over the hull points; params = [cx, cy, a, b]. */
function implicitResidual(params: RealArray, points: readonly Point[]): Real {
  let total: Real = 0;
  for (const [x, y] of points) {
    const u = div(square(sub(x, at(params, 0))), square(at(params, 2)));
    const v = div(square(sub(y, at(params, 1))), square(at(params, 3)));
    total = add(total, square(sub(add(u, v), 1)));
  }
  return total;
}

export const dEllipse = gradient(implicitResidual, reverse(), [0, 0, 1.5, 0.8], hull);
export const hullLength = perimeter(hull);
