import { PRIMAL, type Interpreter } from '@pullback/rules-core';
import { ActiveArrayValue, ActiveScalar } from '../internal/active-value.js';
import type { IndexSet } from './index-set.js';

/** What a tracer tells its interpreter when user code reads its value with `primal()`. */
export interface ValueReads {
  read(value: number | Float64Array): void;
}

/**
 * A scalar carrying its value and the inputs it may depend on. Reading its value through
 * `primal()` is noted (`f` may branch on it); the engine reads `v` directly.
 */
export class TracerScalar extends ActiveScalar {
  constructor(
    readonly o: Interpreter & ValueReads,
    readonly v: number,
    readonly s: IndexSet,
  ) {
    super();
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Tracer', this.v, this.s];
  }
  override get [PRIMAL](): unknown {
    this.o.read(this.v);
    return this.v;
  }
}

/** A dense array of traced values; `setAt` replaces `v` and `s` by updated copies. */
export class TracerArray extends ActiveArrayValue {
  readonly length: number;
  constructor(
    readonly o: Interpreter & ValueReads,
    public v: Float64Array,
    public s: IndexSet[],
  ) {
    super();
    this.length = v.length;
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['TracerArray', this.v];
  }
  override get [PRIMAL](): unknown {
    this.o.read(this.v);
    return this.v;
  }
}
