import type { Real } from '@pullback/rules-core';
import type { ForwardInterpreter } from '../interpreters/forward.js';
import { DualArray } from '../values/dual.js';
import { elementOf } from '../tree/leaves.js';
import { joinOuterDual, notOuterDual, splitOuterDual } from '../values/outer-dual.js';

/**
 * The adjoints of a reverse pass over the duals of an outer forward pass. Each adjoint is a
 * dual of that pass, stored split: its value in `values[id]` and its tangent in lane `j` in
 * `tangents[j][id]`, so the sweep of recorded operations is arithmetic on typed arrays
 * (ā_p += p·ā_o and ȧ_p += ṗ·ā_o + p·ȧ_o). Rules' pullbacks see the adjoints as duals
 * (`at`, `range`) and hand back cotangents that are split again (`add`, `addRange`).
 */
export class ForwardOverReverseAdjoints {
  /** Values of the adjoints, by id. */
  readonly values: Float64Array;
  /** Tangents of the adjoints, one array per lane of the outer pass, by id. */
  readonly tangents: Float64Array[];
  private readonly scratch: Float64Array;

  constructor(
    readonly outer: ForwardInterpreter,
    ids: number,
  ) {
    this.values = new Float64Array(ids);
    this.tangents = Array.from({ length: outer.lanes }, () => new Float64Array(ids));
    this.scratch = new Float64Array(outer.lanes);
  }

  /** The adjoint of `id` as a dual of the outer pass (a number when its tangents are zero). */
  at(id: number): Real {
    const t = this.tangents;
    return joinOuterDual(this.outer, this.values[id], (j) => t[j][id]);
  }

  /** True when the adjoints of `id … id + n - 1` are all exactly zero. */
  isZero(id: number, n: number): boolean {
    if (!isZeroRange(this.values, id, n)) return false;
    for (const lane of this.tangents) if (!isZeroRange(lane, id, n)) return false;
    return true;
  }

  /** The adjoints of `id … id + n - 1` as an array of the outer pass (copied). */
  range(id: number, n: number): Float64Array | DualArray {
    const v = this.values.slice(id, id + n);
    if (this.tangents.every((lane) => isZeroRange(lane, id, n))) return v;
    return new DualArray(
      this.outer,
      v,
      this.tangents.map((lane) => lane.slice(id, id + n)),
    );
  }

  /** Adds the cotangent `c` (a number or a dual of the outer pass) to the adjoint of `id`. */
  add(id: number, c: Real): void {
    const s = this.scratch;
    const v = splitOuterDual(c, this.outer, s);
    if (v === undefined) throw notOuterDual('A cotangent');
    this.values[id] += v;
    for (let j = 0; j < s.length; j++) if (s[j] !== 0) this.tangents[j][id] += s[j];
  }

  /**
   * Sends the adjoint of `out` to `to` through a partial with value `p` whose tangent in lane
   * `j` is `pt[j][i]` (`undefined`: zero): `values[to] += g·p`, `tangents[j][to] += p·ġⱼ + g·ṗⱼ`, each
   * tangent term skipped when its tangent is zero so a NaN partial does not leak.
   */
  propagate(
    out: number,
    to: number,
    p: number,
    pt: readonly Float64Array[] | undefined,
    i: number,
  ): void {
    const { values: v, tangents: t } = this;
    const g = v[out];
    if (g === 0 && this.isZero(out, 1)) return;
    if (g !== 0) v[to] += g * p;
    for (let j = 0; j < t.length; j++) {
      const tj = t[j];
      const gt = tj[out];
      const ptj = pt === undefined ? 0 : pt[j][i];
      tj[to] += (gt === 0 ? 0 : p * gt) + (ptj === 0 || g === 0 ? 0 : g * ptj);
    }
  }

  /** Adds the array cotangent `c`, of any array kind, to the adjoints of `id … id + n - 1`. */
  addRange(id: number, n: number, c: unknown): void {
    const { values: v, tangents: t } = this;
    if (c instanceof Float64Array) {
      for (let i = 0; i < n; i++) v[id + i] += c[i];
      return;
    }
    if (
      c instanceof DualArray &&
      c.owner === this.outer &&
      c.value instanceof Float64Array &&
      c.tangents.every((lane) => lane instanceof Float64Array)
    ) {
      const cv = c.value;
      for (let i = 0; i < n; i++) v[id + i] += cv[i];
      c.tangents.forEach((lane, j) => {
        const tj = t[j];
        const cl = lane as Float64Array;
        for (let i = 0; i < n; i++) tj[id + i] += cl[i];
      });
      return;
    }
    for (let i = 0; i < n; i++) this.add(id + i, elementOf(c, i));
  }
}

function isZeroRange(a: Float64Array, id: number, n: number): boolean {
  for (let i = id, end = id + n; i < end; i++) if (a[i] !== 0) return false;
  return true;
}
