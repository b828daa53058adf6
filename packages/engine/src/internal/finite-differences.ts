import { primalDeep } from './primal-deep.js';
import { flatten, flattenReal, structureOf, unflatten, type Structure } from './structure.js';
import { UnsupportedInputError } from '../errors.js';
import type { UserFunction } from '../passes/run.js';

/** cbrt(machine epsilon): the step that balances truncation and round-off for central differences. */
export const CENTRAL_STEP = 6.055454452393343e-6;

/** Evaluates `f` at flat point `v` (rebuilt in `x`'s structure) and flattens its output. */
export class FlatFunction {
  readonly xs: Structure;
  readonly x0: Float64Array;
  ys!: Structure;
  constructor(
    private readonly f: UserFunction,
    x: unknown,
    private readonly rest: readonly unknown[],
  ) {
    this.xs = structureOf(x);
    const flat = flattenReal(x, this.xs);
    if (!(flat instanceof Float64Array)) {
      throw new UnsupportedInputError(
        'finiteDifferences() evaluates f on plain numbers, so it cannot run inside another ' +
          'differentiation; use forward() or reverse() as the inner backend.',
      );
    }
    this.x0 = flat;
  }

  /** The output at `v`, as the function returned it (levels stripped). */
  value(v: Float64Array): unknown {
    return primalDeep(this.f(unflatten(this.xs, v) as never, ...(this.rest as never[])));
  }

  /** The output at `v`, flattened; the first call fixes the output structure. */
  flatValue(v: Float64Array): Float64Array {
    const y = this.value(v);
    this.ys ??= structureOf(y, 'f(x)');
    return flatten(y, this.ys);
  }
}

/** Central difference of `F` at `x0` along the flat direction `t`. */
export function centralDirectional(
  F: FlatFunction,
  t: Float64Array,
  relativeStep: number,
): Float64Array {
  let scale = 0;
  let size = 1;
  for (let i = 0; i < t.length; i++) {
    scale = Math.max(scale, Math.abs(t[i]));
    size = Math.max(size, Math.abs(F.x0[i]));
  }
  const m = F.flatValue(F.x0).length;
  if (scale === 0) return new Float64Array(m);
  const h = (relativeStep * size) / scale;
  const plus = F.x0.slice();
  const minus = F.x0.slice();
  for (let i = 0; i < t.length; i++) {
    plus[i] += h * t[i];
    minus[i] -= h * t[i];
  }
  const yp = F.flatValue(plus);
  const ym = F.flatValue(minus);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = (yp[i] - ym[i]) / (2 * h);
  return out;
}

/** The Jacobian of `F` at `x0` by central differences, column by column (row-major `m × n`). */
export function centralJacobian(
  F: FlatFunction,
  relativeStep: number,
): { m: number; n: number; data: Float64Array } {
  const n = F.x0.length;
  const m = F.flatValue(F.x0).length;
  const data = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const h = relativeStep * Math.max(1, Math.abs(F.x0[j]));
    const plus = F.x0.slice();
    const minus = F.x0.slice();
    plus[j] += h;
    minus[j] -= h;
    const yp = F.flatValue(plus);
    const ym = F.flatValue(minus);
    for (let i = 0; i < m; i++) data[i * n + j] = (yp[i] - ym[i]) / (2 * h);
  }
  return { m, n, data };
}
