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
 * or an interval `{ min, max }` (or `[min, max]`), optionally avoiding points (kinks, poles)
 * by `margin`.
 */
export type Domain =
  | 'real'
  | 'positive'
  | 'negative'
  | 'nonzero'
  | 'unit'
  | 'probability'
  | Interval
  | readonly number[];

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
  if (Array.isArray(domain)) {
    if (domain.length !== 2) {
      throw new RangeError(`domain: an interval is [min, max], got ${domain.length} numbers.`);
    }
    return intervalOf({ min: domain[0] as number, max: domain[1] as number });
  }
  if (typeof domain === 'object') {
    const { min, max } = domain as Interval;
    if (!(min <= max) || !Number.isFinite(min) || !Number.isFinite(max)) {
      throw new RangeError(`domain: need finite min <= max, got [${min}, ${max}].`);
    }
    return domain as Interval;
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
