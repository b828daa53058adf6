// corpus: buggy
// about: polygon area by the shoelace formula; the accumulated area is cast to number and given to Math.abs and a raw `*`, which refuse the active value
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

/** Vertices as [x0, y0, x1, y1, ...], in either orientation. */
export const polygonArea = differentiable((xy: RealArray) => {
  const n = xy.length / 2;
  let twice: Real = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const cross = sub(mul(at(xy, 2 * i), at(xy, 2 * j + 1)), mul(at(xy, 2 * j), at(xy, 2 * i + 1)));
    twice = add(twice, cross);
  }
  return 0.5 * Math.abs(twice as number); // expect: no-raw-arithmetic, no-active-coercion
});

export const areaGradient = gradient(polygonArea, reverse(), [0, 0, 2, 0, 2, 1, 0, 1.5]);
