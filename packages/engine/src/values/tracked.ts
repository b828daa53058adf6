import type { Real } from '@pullback/rules-core';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import { ActiveArrayValue, ActiveScalar } from './active-value.js';

/** A scalar recorded on a reverse-mode tape: its value one level down and its id. */
export class TrackedScalar extends ActiveScalar {
  constructor(
    readonly owner: Interpreter,
    readonly value: Real,
    readonly id: number,
  ) {
    super();
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Tracked', this.value];
  }
}

/**
 * A dense active array on a reverse-mode tape: its values one level down (numbers, reals, or
 * a lower level's dense array) and the first of its `length` consecutive ids. `setAt` moves it
 * to fresh values and ids (copy on write), so `value` and `id` change; whatever the tape saved
 * keeps the old ones.
 */
export class TrackedArray extends ActiveArrayValue {
  readonly length: number;
  constructor(
    readonly owner: Interpreter,
    public value: Float64Array | readonly Real[] | ActiveArrayValue,
    public id: number,
  ) {
    super();
    this.length = value.length;
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['TrackedArray', this.value];
  }
}
