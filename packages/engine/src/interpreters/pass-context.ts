import type { RuleConfig } from '@pullback/rules-core';
import { FallbackLog } from '../fallback/fallback-log.js';
import { BlackBoxFallback } from '../fallback/black-box.js';
import type { FallbackOptions } from '../fallback/events.js';
import type { ForwardInterpreter } from './forward.js';
import { ForwardOverReverseTape } from '../tapes/forward-over-reverse-tape.js';
import { Tape } from '../tapes/tape.js';
import { forwardPass, reversePass } from './passes.js';

/** A numeric tape left by a finished operator call, so the next call skips growing its buffers. */
let spareTape: Tape | undefined;

/**
 * The most a spare tape may hold for as long as the process lives. A gradient of 1e7 inputs must
 * not keep hundreds of megabytes (and, through what it recorded, the caller's `x`) forever.
 */
export const SPARE_TAPE_BYTES = 16 * 2 ** 20;

/**
 * How long a larger spare tape is kept after the call that used it. Growing a tape of tens of
 * megabytes again made a scalar-loop gradient of 1e5 inputs 1.5 to 2 times slower (measured on
 * a loaded 2-core machine), so calls in a loop (an optimiser, a benchmark) keep reusing it; once
 * calls stop, it is dropped.
 */
export const SPARE_TAPE_IDLE_MS = 1000;

/** When an oversized spare tape is dropped (on `performance.now()`'s clock). */
let dropAt = 0;
let dropTimer: ReturnType<typeof setTimeout> | undefined;

/** Keeps `tape` (its recording forgotten) for the next call: for good, or for a while if large. */
function keepSpare(tape: Tape): void {
  spareTape = tape;
  if (tape.bufferBytes() <= SPARE_TAPE_BYTES) return;
  dropAt = performance.now() + SPARE_TAPE_IDLE_MS;
  if (dropTimer === undefined) scheduleDrop(SPARE_TAPE_IDLE_MS);
}

/** One timer for all oversized spares: it waits until no call has used one for the idle time. */
function scheduleDrop(ms: number): void {
  dropTimer = setTimeout(() => {
    dropTimer = undefined;
    const left = dropAt - performance.now();
    if (left > 1) scheduleDrop(left);
    else if (spareTape !== undefined && spareTape.bufferBytes() > SPARE_TAPE_BYTES)
      spareTape = undefined;
  }, ms);
  // A pending drop never keeps the process alive.
  (dropTimer as { unref?: () => void }).unref?.();
}

/** What one operator call (or one prepared object) shares across its passes. */
export class PassContext {
  readonly log: FallbackLog;
  readonly boundary: BlackBoxFallback;
  /** The operator the user called (`'gradient'`, `'hessian'`, ...), named in error messages. */
  operator = 'the operator';
  /** A tape whose buffers a prepared operator keeps between calls. */
  tape: Tape | undefined;
  /**
   * Operator calls running on this context. More than one means a call re-entered it (`f` or a
   * rule's pullback calling the same prepared object): that call records on tapes of its own,
   * since the one in use may be in the middle of a sweep.
   */
  private running = 0;
  private configs = new Map<string, RuleConfig>();

  constructor(options: FallbackOptions) {
    this.log = new FallbackLog(options);
    this.boundary = new BlackBoxFallback(this.log);
  }

  /**
   * Runs one operator call named `operator` (for messages). When the outermost call ends, the
   * tape forgets what it recorded, so it holds no reference to the call's values (or the
   * caller's `x`) until the next call.
   */
  call<T>(operator: string, body: () => T): T {
    const outer = this.operator;
    this.operator = operator;
    this.running++;
    try {
      return body();
    } finally {
      this.running--;
      this.operator = outer;
      if (this.running === 0) this.tape?.reset();
    }
  }

  /** A tape for this context's top-level passes: its own, else the spare one. */
  takeTape(numeric: boolean): Tape {
    if (this.running > 1) return new Tape(numeric);
    if (this.tape === undefined && numeric && spareTape !== undefined) {
      this.tape = spareTape;
      spareTape = undefined;
    }
    if (
      this.tape === undefined ||
      this.tape.numeric !== numeric ||
      this.tape instanceof ForwardOverReverseTape
    )
      this.tape = new Tape(numeric);
    else this.tape.reset();
    return this.tape;
  }

  /** A forward-over-reverse tape for a reverse pass over the duals of `outer`, reusing this context's. */
  takeSecondOrderTape(outer: ForwardInterpreter): ForwardOverReverseTape {
    if (this.running > 1) return new ForwardOverReverseTape(outer);
    const current = this.tape;
    if (current instanceof ForwardOverReverseTape && current.lanes === outer.lanes) {
      current.reuse(outer);
      return current;
    }
    const tape = new ForwardOverReverseTape(outer);
    this.tape = tape;
    return tape;
  }

  /**
   * Gives this context's tape back for reuse: the call is over and no pullback can run. The
   * tape forgets what it recorded; one larger than `SPARE_TAPE_BYTES` is kept only while calls
   * keep coming (`SPARE_TAPE_IDLE_MS`).
   */
  release(): void {
    const tape = this.tape;
    this.tape = undefined;
    if (tape === undefined || !tape.numeric || tape instanceof ForwardOverReverseTape) return;
    tape.reset();
    keepSpare(tape);
  }

  /** The `RuleConfig` rules receive: nested passes over the argument tuple. */
  config(mode: string): RuleConfig {
    let config = this.configs.get(mode);
    if (config === undefined) {
      const ctx = new PassContext({ fallback: 'auto' });
      Object.assign(ctx, { log: this.log, boundary: this.boundary });
      ctx.operator = 'config.rruleViaAD or config.fruleViaAD';
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
