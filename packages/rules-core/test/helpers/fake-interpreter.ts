import {
  ACTIVE,
  ActiveCoercionError,
  PRIMAL,
  type Active,
  type DifferentiableFunction,
  type Rules,
} from '@pullback/rules-core';
import { recordOf, type Interpreter } from '@pullback/rules-core/interpreter';

/** A fake active value: what the dispatch tests hand to the vocabulary. */
export class FakeActive implements Active {
  readonly [ACTIVE]: Interpreter;
  readonly [PRIMAL]: unknown;
  constructor(owner: Interpreter, value: unknown) {
    this[ACTIVE] = owner;
    this[PRIMAL] = value;
  }
  [Symbol.toPrimitive](hint: string): never {
    throw new ActiveCoercionError(hint);
  }
}

/** One call an interpreter received. */
export interface RecordedCall {
  readonly f: DifferentiableFunction;
  readonly name: string;
  readonly args: readonly unknown[];
  readonly rules: Rules<readonly never[], unknown>;
  readonly interpreter: RecordingInterpreter;
}

/**
 * An interpreter that records every call handed to it and answers with a marker, so tests see
 * exactly what rules-core dispatches and to whom.
 */
export class RecordingInterpreter implements Interpreter {
  readonly mode = 'recording';
  level = -1;
  constructor(
    readonly log: RecordedCall[] = [],
    readonly answer: (call: RecordedCall) => unknown = (call) => `${call.name}@${this.level}`,
  ) {}
  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const record = recordOf(f);
    if (record === undefined) throw new Error('apply received a function without a record');
    const call: RecordedCall = {
      f,
      name: record.name,
      args,
      rules: { frule: record.frule, rrule: record.rrule, partials: record.partials },
      interpreter: this,
    };
    this.log.push(call);
    return this.answer(call);
  }
  /** A fake active value owned by this interpreter. */
  active(value: unknown): FakeActive {
    return new FakeActive(this, value);
  }
}
