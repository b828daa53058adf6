import type { Interpreter } from '@pullback/rules-core/interpreter';
import { ActiveArrayValue, ActiveScalar } from '../values/active-value.js';
import type { View } from './builder.js';

/** What a staged value reports to its tracer when user code reads its number. */
export interface PrimalWatcher extends Interpreter {
  /** Called for every `primal(x)` of a staged value: the trace then depends on a number. */
  primalRead(): void;
}

/** A scalar during tracing: an SSA id of the staged program, and its value at the traced point. */
export class StagedScalar extends ActiveScalar {
  constructor(
    readonly owner: PrimalWatcher,
    readonly id: number,
    /** The value at the traced point, for the engine's own reads (`value` notes a read). */
    readonly tracedValue: number,
  ) {
    super();
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Staged', this.tracedValue];
  }
  get value(): number {
    this.owner.primalRead();
    return this.tracedValue;
  }
}

/** An array during tracing: a view of a buffer of the staged program, and its values. */
export class StagedArray extends ActiveArrayValue {
  readonly length: number;
  constructor(
    readonly owner: PrimalWatcher,
    readonly view: View,
    /** The values at the traced point, for the engine's own reads (`value` notes a read). */
    readonly tracedValues: Float64Array,
  ) {
    super();
    this.length = view.length;
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['StagedArray', this.tracedValues];
  }
  get value(): Float64Array {
    this.owner.primalRead();
    return this.tracedValues;
  }
}
