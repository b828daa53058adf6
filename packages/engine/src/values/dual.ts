import type { Real } from '@pullback/rules-core';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import { ActiveArrayValue, ActiveScalar } from './active-value.js';

/** A dual number: its value one level down and one tangent per lane of the chunk. */
export class Dual extends ActiveScalar {
  /** True when the value and every tangent are plain numbers (the fast path's condition). */
  readonly numeric: boolean;
  constructor(
    readonly o: Interpreter,
    readonly v: Real,
    readonly d: Real[],
    numeric?: boolean,
  ) {
    super();
    this.numeric = numeric ?? (typeof v === 'number' && d.every((t) => typeof t === 'number'));
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Dual', this.v, this.d];
  }
}

/**
 * A dense dual array: values one level down and one tangent array per lane of the chunk.
 * `setAt` replaces `v` and `d` by updated copies (the arrays themselves are never written).
 */
export class DualArray extends ActiveArrayValue {
  readonly length: number;
  constructor(
    readonly o: Interpreter,
    public v: Float64Array | readonly Real[],
    public d: readonly (Float64Array | readonly Real[])[],
  ) {
    super();
    this.length = v.length;
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['DualArray', this.v, this.d];
  }
}
