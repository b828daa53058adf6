/**
 * Where random points are drawn. Named domains keep well away from the edges where functions
 * blow up, because a rule test at a point where finite differences cannot be trusted proves
 * nothing:
 *
 * - `'real'`: [-3, 3]
 * - `'positive'`: [0.1, 3] (log, sqrt, pow with a real exponent)
 * - `'negative'`: [-3, -0.1]
 * - `'nonzero'`: [-3, 3] without (-0.1, 0.1) (division, kinks at 0 such as abs and sign)
 * - `'unit'`: [-0.9, 0.9] (asin, acos, atanh)
 * - `'probability'`: [0.05, 0.95]
 *
 * or an interval `{ min, max }`, optionally avoiding points (kinks, poles) by `margin`.
 */
export type Domain =
  'real' | 'positive' | 'negative' | 'nonzero' | 'unit' | 'probability' | Interval;

/** A closed interval, optionally with points to stay away from. */
export interface Interval {
  /** Smallest value drawn. */
  readonly min: number;
  /** Largest value drawn. */
  readonly max: number;
  /** Points to stay away from (a kink at 0, a pole at π/2, a jump at an integer). */
  readonly avoid?: readonly number[];
  /** How far to stay away from `avoid`; default 0.01, twice the default stencil range. */
  readonly margin?: number;
}

/** The interval a domain stands for. */
export function intervalOf(domain: Domain): Interval {
  if (typeof domain === 'object') {
    if (
      !(domain.min <= domain.max) ||
      !Number.isFinite(domain.min) ||
      !Number.isFinite(domain.max)
    ) {
      throw new RangeError(`domain: need finite min <= max, got [${domain.min}, ${domain.max}].`);
    }
    return domain;
  }
  switch (domain) {
    case 'real':
      return { min: -3, max: 3 };
    case 'positive':
      return { min: 0.1, max: 3 };
    case 'negative':
      return { min: -3, max: -0.1 };
    case 'nonzero':
      return { min: -3, max: 3, avoid: [0], margin: 0.1 };
    case 'unit':
      return { min: -0.9, max: 0.9 };
    case 'probability':
      return { min: 0.05, max: 0.95 };
    default:
      throw new RangeError(`unknown domain ${JSON.stringify(domain)}.`);
  }
}
