import type { Real } from '@pullback/rules-core';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import { ActiveArrayValue, ActiveScalar } from './active-value.js';
import { materialize, type LaneSource } from './deferred-tangents.js';

/** A dual number: its value one level down and one tangent per lane of the chunk. */
export class Dual extends ActiveScalar {
  /** True when the value and every tangent are plain numbers (the fast path's condition). */
  readonly numeric: boolean;
  constructor(
    readonly owner: Interpreter,
    readonly value: Real,
    readonly tangents: Real[],
    numeric?: boolean,
  ) {
    super();
    this.numeric =
      numeric ?? (typeof value === 'number' && tangents.every((t) => typeof t === 'number'));
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Dual', this.value, this.tangents];
  }
}

/**
 * A dense dual array: values one level down and one tangent array per lane of the chunk.
 * `setAt` replaces `value` and `tangents` by updated copies (the arrays themselves are never written).
 * A chunked array made by a whole-array operation may hold its lanes as `pending` instead
 * (deferred-tangents.ts): they are computed on the first read of `tangents`.
 */
export class DualArray extends ActiveArrayValue {
  readonly length: number;
  private lanes: readonly (Float64Array | readonly Real[])[] | undefined;
  /** The lanes not computed yet, or `undefined` once `tangents` holds them. */
  pending: LaneSource | undefined;
  constructor(
    readonly owner: Interpreter,
    public value: Float64Array | readonly Real[],
    d: readonly (Float64Array | readonly Real[])[] | undefined,
    pending?: LaneSource,
  ) {
    super();
    this.length = value.length;
    this.lanes = d;
    this.pending = d === undefined ? pending : undefined;
  }
  /** One tangent array per lane. */
  get tangents(): readonly (Float64Array | readonly Real[])[] {
    if (this.lanes === undefined) {
      this.lanes = materialize(this.pending as LaneSource, this.length);
      this.pending = undefined;
    }
    return this.lanes;
  }
  set tangents(lanes: readonly (Float64Array | readonly Real[])[]) {
    this.lanes = lanes;
    this.pending = undefined;
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['DualArray', this.value, this.tangents];
  }
}
