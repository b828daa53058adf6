import { primal, type Real } from '@pullback/rules-core';
import { div, sub } from '@pullback/rules-core/math';
import { plus, times } from '../values/real-arithmetic.js';
import { flattenReal, structureOf, unflattenReal, type Structure } from '../tree/structure.js';
import type { UserFunction } from '../interpreters/passes.js';

/** cbrt(machine epsilon): the step that balances truncation and round-off for central differences. */
export const CENTRAL_STEP = 6.055454452393343e-6;

/** A flat vector of the `finiteDifferences()` backend: numbers, or reals inside another differentiation. */
type Flat = Float64Array | Real[];

/**
 * Evaluates `f` at flat point `v` (rebuilt in `x`'s structure) and flattens its output.
 *
 * Inside another differentiation, values of the outer pass reach `f` through `x`, through an
 * extra argument or through a closure, and come back in its outputs. Stripping them to numbers
 * would drop their derivatives (the outer derivative of an inner derivative would be 0), so
 * the points and differences are then computed with the math vocabulary: the outer pass
 * differentiates the difference quotient itself, which is the difference quotient of its
 * derivative. Plain numbers take plain arithmetic, as before.
 */
export class FlatFunction {
  readonly xs: Structure;
  readonly x0: Flat;
  ys!: Structure;
  constructor(
    private readonly f: UserFunction,
    x: unknown,
    private readonly rest: readonly unknown[],
  ) {
    this.xs = structureOf(x);
    this.x0 = flattenReal(x, this.xs);
  }

  /** The output at `v`, as the function returned it (an outer pass's values kept). */
  value(v: Flat): unknown {
    return this.f(unflattenReal(this.xs, v) as never, ...(this.rest as never[]));
  }

  /** The output at `v`, flattened; the first call fixes the output structure. */
  flatValue(v: Flat): Flat {
    const y = this.value(v);
    this.ys ??= structureOf(y, 'f(x)');
    return flattenReal(y, this.ys);
  }

  /** `|x0[i]|` as a number, for step sizes. */
  size(i: number): number {
    return Math.abs(primal(this.x0[i]) as number);
  }
}

/** `x + s·t`: numbers in place of a copy, reals through the vocabulary. */
function moved(x: Flat, s: number, t: (i: number) => Real): Flat {
  if (x instanceof Float64Array) {
    const out = x.slice();
    for (let i = 0; i < out.length; i++) {
      const ti = t(i);
      if (typeof ti !== 'number') return moved(Array.from(x), s, t);
      out[i] += s * ti;
    }
    return out;
  }
  return x.map((xi, i) => plus(xi, times(s, t(i))));
}

/** `(yp - ym) / 2h`, entry by entry. */
function quotient(yp: Flat, ym: Flat, h: number): Flat {
  if (yp instanceof Float64Array && ym instanceof Float64Array) {
    const out = new Float64Array(yp.length);
    for (let i = 0; i < out.length; i++) out[i] = (yp[i] - ym[i]) / (2 * h);
    return out;
  }
  return Array.from({ length: yp.length }, (_, i) => {
    const a = yp[i];
    const b = ym[i];
    return typeof a === 'number' && typeof b === 'number'
      ? (a - b) / (2 * h)
      : (div(sub(a, b), 2 * h) as Real);
  });
}

/** Central difference of `F` at `x0` along the flat direction `t`. */
export function centralDirectional(F: FlatFunction, t: Flat, relativeStep: number): Flat {
  let scale = 0;
  let size = 1;
  for (let i = 0; i < t.length; i++) {
    scale = Math.max(scale, Math.abs(primal(t[i]) as number));
    size = Math.max(size, F.size(i));
  }
  const m = F.flatValue(F.x0).length;
  if (scale === 0) return new Float64Array(m);
  const h = (relativeStep * size) / scale;
  const yp = F.flatValue(moved(F.x0, h, (i) => t[i]));
  const ym = F.flatValue(moved(F.x0, -h, (i) => t[i]));
  return quotient(yp, ym, h);
}

/** The Jacobian of `F` at `x0` by central differences, column by column (row-major `m × n`). */
export function centralJacobian(
  F: FlatFunction,
  relativeStep: number,
): { m: number; n: number; data: Flat } {
  const n = F.x0.length;
  const m = F.flatValue(F.x0).length;
  const columns: Flat[] = [];
  for (let j = 0; j < n; j++) {
    const h = relativeStep * Math.max(1, F.size(j));
    const unit = (i: number): number => (i === j ? 1 : 0);
    columns.push(
      quotient(F.flatValue(moved(F.x0, h, unit)), F.flatValue(moved(F.x0, -h, unit)), h),
    );
  }
  const numeric = columns.every((c) => c instanceof Float64Array);
  const data: Flat = numeric ? new Float64Array(m * n) : new Array<Real>(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) data[i * n + j] = columns[j][i];
  return { m, n, data };
}
