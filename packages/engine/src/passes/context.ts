import type { RuleConfig } from '@pullback/rules-core';
import { FallbackLog } from '../internal/fallback-log.js';
import { BlackBoxFallback } from '../internal/black-box.js';
import type { FallbackOptions } from '../fallback.js';
import type { ForwardInterpreter } from '../forward/interpreter.js';
import { SecondOrderTape } from '../reverse/second-order-tape.js';
import { Tape } from '../reverse/tape.js';
import { forwardPass, reversePass } from './run.js';

/** A numeric tape left by a finished operator call, so the next call skips growing its buffers. */
let spareTape: Tape | undefined;

/** What one operator call (or one prepared object) shares across its passes. */
export class PassContext {
  readonly log: FallbackLog;
  readonly boundary: BlackBoxFallback;
  /** A tape whose buffers a prepared operator keeps between calls. */
  tape: Tape | undefined;
  private configs = new Map<string, RuleConfig>();

  constructor(options: FallbackOptions) {
    this.log = new FallbackLog(options);
    this.boundary = new BlackBoxFallback(this.log);
  }

  /** A tape for this context's top-level passes: its own, else the spare one. */
  takeTape(numeric: boolean): Tape {
    if (this.tape === undefined && numeric && spareTape !== undefined) {
      this.tape = spareTape;
      spareTape = undefined;
    }
    if (
      this.tape === undefined ||
      this.tape.numeric !== numeric ||
      this.tape instanceof SecondOrderTape
    )
      this.tape = new Tape(numeric);
    else this.tape.reset();
    return this.tape;
  }

  /** A second-order tape for a reverse pass over the duals of `outer`, reusing this context's. */
  takeSecondOrderTape(outer: ForwardInterpreter): SecondOrderTape {
    const current = this.tape;
    if (current instanceof SecondOrderTape && current.lanes === outer.lanes) {
      current.reuse(outer);
      return current;
    }
    const tape = new SecondOrderTape(outer);
    this.tape = tape;
    return tape;
  }

  /** Gives this context's tape back for reuse: the call is over and no pullback can run. */
  release(): void {
    if (this.tape !== undefined && this.tape.numeric) spareTape = this.tape;
    this.tape = undefined;
  }

  /** The `RuleConfig` rules receive: nested passes over the argument tuple. */
  config(mode: string): RuleConfig {
    let config = this.configs.get(mode);
    if (config === undefined) {
      const ctx = new PassContext({ fallback: 'auto' });
      Object.assign(ctx, { log: this.log, boundary: this.boundary });
      config = {
        mode,
        rruleViaAD: (g, args) => {
          const run = reversePass((tuple: unknown) => g(...(tuple as never)), args, [], ctx, false);
          return [run.y as never, (dy) => run.pullback(dy) as never];
        },
        fruleViaAD: (g, args, tangents) => {
          const run = forwardPass(
            (tuple: unknown) => g(...(tuple as never)),
            args,
            [],
            [tangents],
            ctx,
          );
          return [run.y as never, run.tangent(0) as never];
        },
      };
      this.configs.set(mode, config);
    }
    return config;
  }
}
