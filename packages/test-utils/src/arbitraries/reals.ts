import fc from 'fast-check';
import { intervalOf, type Domain } from './domain.js';

const STEPS = 2 ** 30;

/**
 * Reals spread evenly over an interval. `fc.double` spreads over the bit patterns of doubles
 * instead, which puts most draws at tiny magnitudes; rule tests want typical points. Shrinking
 * moves towards the middle of the interval (or its nearest point to 0), which gives readable
 * counterexamples.
 */
export function realIn(domain: Domain): fc.Arbitrary<number> {
  const { min, max, avoid = [], margin = 0.01 } = intervalOf(domain);
  const origin = min <= 0 && max >= 0 ? 0 : min > 0 ? min : max;
  const below = origin - min;
  const above = max - origin;
  const arb = fc
    .integer({ min: -STEPS, max: STEPS })
    .map((k) => (k < 0 ? origin + (below * k) / STEPS : origin + (above * k) / STEPS));
  if (avoid.length === 0) return arb;
  const far = (x: number): boolean => avoid.every((a) => Math.abs(x - a) >= margin);
  // Fold points that land too close to an avoided point out of the gap, rather than filter:
  // filtering a narrow interval can reject most draws.
  return arb
    .map((x) => {
      if (far(x)) return x;
      for (const a of avoid) {
        if (Math.abs(x - a) < margin) {
          const y = x >= a ? a + margin : a - margin;
          if (y >= min && y <= max && far(y)) return y;
          const z = x >= a ? a - margin : a + margin;
          if (z >= min && z <= max && far(z)) return z;
        }
      }
      return x;
    })
    .filter(far);
}
