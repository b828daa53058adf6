import { factorial, solveExact } from './rational.js';

/** Where a stencil samples, relative to the point: around it, after it, or before it. */
export type StencilKind = 'central' | 'forward' | 'backward';

/** A finite-difference stencil and the constants its step selection needs. */
export interface Stencil {
  readonly kind: StencilKind;
  /** Multiples of the step at which the function is evaluated. */
  readonly grid: readonly number[];
  /** Weights of those evaluations; the estimate is `Σ cᵢ f(x + gᵢh) / hᵠ`. */
  readonly coefficients: readonly number[];
  /**
   * Coefficients for the same derivative on the grid shifted by one step either way (or two
   * steps inwards for one-sided grids): a bound estimator takes the largest of the three, so
   * the magnitude it reports holds in a neighbourhood of the point, not just at it.
   */
  readonly neighbourhood: readonly (readonly number[])[];
  /** `Σ |cᵢ gᵢᵖ| / p!`: truncation error per unit of the p-th derivative, times `hᵖ⁻ᵠ`. */
  readonly truncationMultiplier: number;
  /** `Σ |cᵢ|`: round-off amplification per unit of function error, times `h⁻ᵠ`. */
  readonly roundoffMultiplier: number;
}

/** The grid of a `points`-point stencil of the given kind. */
export function gridOf(kind: StencilKind, points: number): number[] {
  if (kind === 'forward') return Array.from({ length: points }, (_, i) => i);
  if (kind === 'backward') return Array.from({ length: points }, (_, i) => i - points + 1);
  const half = Math.floor(points / 2);
  const grid: number[] = [];
  for (let g = -half; g <= half; g++) {
    // An even number of central points cannot be symmetric and include 0, so 0 is left out.
    if (g !== 0 || points % 2 === 1) grid.push(g);
  }
  return grid;
}

/** Weights that make `Σ cᵢ f(x + gᵢh) / hᵠ` exact for polynomials of degree < points. */
function coefficientsFor(grid: readonly number[], order: number): number[] {
  const p = grid.length;
  const a = Array.from({ length: p }, (_, i) => grid.map((g) => BigInt(g) ** BigInt(i)));
  const b = Array.from({ length: p }, (_, i) => (i === order ? factorial(order) : 0n));
  return solveExact(a, b);
}

const cache = new Map<string, Stencil>();

/** The stencil of `points` points for the derivative of order `order` (memoised). */
export function stencilOf(kind: StencilKind, points: number, order: number): Stencil {
  const key = `${kind}:${points}:${order}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const grid = gridOf(kind, points);
  const coefficients = coefficientsFor(grid, order);
  const shifts = kind === 'forward' ? [-2, -1, 0] : kind === 'backward' ? [0, 1, 2] : [-1, 0, 1];
  const neighbourhood = shifts.map((s) =>
    s === 0
      ? coefficients
      : coefficientsFor(
          grid.map((g) => g + s),
          order,
        ),
  );
  const p = grid.length;
  const pFactorial = Number(factorial(p));
  const truncationMultiplier =
    coefficients.reduce((s, c, i) => s + Math.abs(c * grid[i] ** p), 0) / pFactorial;
  const roundoffMultiplier = coefficients.reduce((s, c) => s + Math.abs(c), 0);
  const stencil: Stencil = {
    kind,
    grid,
    coefficients,
    neighbourhood,
    truncationMultiplier,
    roundoffMultiplier,
  };
  cache.set(key, stencil);
  return stencil;
}
