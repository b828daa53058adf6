/**
 * The black box's differences and their error estimate. Along each direction the function is
 * evaluated at x - h, x, x + h and x + 2h (one evaluation more than the central difference
 * needs, the value at x being shared by every direction). The central difference
 * (f₁ - f₋₁)/2h is returned; the third difference over the four points,
 * E = |f₂ - 3f₁ + 3f₀ - f₋₁| / 6h, estimates its error: for a smooth f it is h²|f'''|/6, the
 * central difference's leading error term, plus rounding; across a jump or kink it is as large
 * as the difference itself (at least 1/6 of it for an odd jump such as `Math.sign` at 0, 1/3
 * for `Math.max(x, 0)` at 0, more for `Math.floor` at 2), because no smooth function fits the
 * four values.
 */

/** Values of `f`, flattened, at x - h·t, x, x + h·t and x + 2h·t along one direction `t`. */
export interface Stencil {
  readonly h: number;
  readonly minus: Float64Array;
  readonly center: Float64Array;
  readonly plus: Float64Array;
  readonly plus2: Float64Array;
}

/**
 * An entry is trusted when its estimated error is at most RELATIVE of itself, plus ROW of the
 * largest entry in its row, plus the rounding of the function's values. RELATIVE = 1e-2 sits
 * between the two regimes: smooth functions give estimates near h²|f'''/f'|/6 ≈ 6e-12 of the
 * entry at unit scale; a jump or kink gives 1/6 or more. ROW = 1e-4 lets an entry that is
 * zero, or nearly, carry the noise of a function computed approximately (differences of an
 * inner finite-difference derivative are noisy at about ε/h² ≈ 6e-6 of the row's scale) without
 * letting a kink of size 1 hide next to entries below 1e4. ROUNDING = 1e3: with values accurate
 * to κ units of roundoff, rounding alone contributes at most (4/3)κεF/h, so this allows κ ≈ 750.
 */
const RELATIVE = 1e-2;
const ROW = 1e-4;
const ROUNDING = 1e3 * Number.EPSILON;

/** The central difference of each component along the stencil's direction. */
export function central(s: Stencil): Float64Array {
  const out = new Float64Array(s.center.length);
  for (let i = 0; i < out.length; i++) out[i] = (s.plus[i] - s.minus[i]) / (2 * s.h);
  return out;
}

/** One column (or lane) of differences with its per-entry error estimate and rounding level. */
interface Column {
  readonly d: Float64Array;
  readonly error: Float64Array;
  readonly rounding: Float64Array;
}

/** A black box's columns of differences, judged together once all are in. */
export class ErrorTally {
  private readonly columns: Column[] = [];

  /** Adds the column `d = central(s)`, estimating each entry's error from `s`. */
  add(s: Stencil, d: Float64Array): void {
    const m = d.length;
    const error = new Float64Array(m);
    const rounding = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      // A component that is not finite at x itself has no derivative to estimate: its
      // difference is passed on as NaN or infinite, as AD would give.
      if (!Number.isFinite(s.center[i])) continue;
      const third = s.plus2[i] - 3 * s.plus[i] + 3 * s.center[i] - s.minus[i];
      const e = Math.abs(third) / (6 * s.h);
      error[i] = Number.isNaN(e) ? Infinity : e;
      const size = Math.max(
        Math.abs(s.minus[i]),
        Math.abs(s.center[i]),
        Math.abs(s.plus[i]),
        Math.abs(s.plus2[i]),
      );
      rounding[i] = (ROUNDING * size) / s.h;
    }
    this.columns.push({ d, error, rounding });
  }

  /** The largest estimated error, and whether every entry can be trusted. */
  verdict(): { errorEstimate: number; reliable: boolean } {
    let errorEstimate = 0;
    let reliable = true;
    const m = this.columns.length > 0 ? this.columns[0].d.length : 0;
    for (let i = 0; i < m; i++) {
      let row = 0;
      for (const c of this.columns)
        if (Number.isFinite(c.d[i])) row = Math.max(row, Math.abs(c.d[i]));
      for (const c of this.columns) {
        const e = c.error[i];
        errorEstimate = Math.max(errorEstimate, e);
        const allowed = RELATIVE * Math.abs(c.d[i]) + ROW * row + c.rounding[i];
        if (!(e <= allowed) || e === Infinity) reliable = false;
      }
    }
    return { errorEstimate, reliable };
  }
}
