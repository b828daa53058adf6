import type { Interpreter } from '@pullback/rules-core';
import { ActiveArrayValue, ActiveScalar } from '../internal/active-value.js';
import type { IndexSet } from './index-set.js';

/** A scalar carrying its value and the inputs it may depend on. */
export class TracerScalar extends ActiveScalar {
  constructor(
    readonly o: Interpreter,
    readonly v: number,
    readonly s: IndexSet,
  ) {
    super();
  }
}

/** A dense array of traced values; `setAt` replaces `v` and `s` by updated copies. */
export class TracerArray extends ActiveArrayValue {
  readonly length: number;
  constructor(
    readonly o: Interpreter,
    public v: Float64Array,
    public s: IndexSet[],
  ) {
    super();
    this.length = v.length;
  }
}
