import { PassContext } from '../interpreters/pass-context.js';
import { forwardPass, reversePass } from '../interpreters/passes.js';
import { ForwardOverReverseTape } from '../tapes/forward-over-reverse-tape.js';
import type { Tape } from '../tapes/tape.js';
import { structureOf } from '../tree/structure.js';
import type { Differentiand, Input } from './types.js';

/** What one reverse pass of a function records. */
export interface TapeStatistics {
  /** Operations recorded (scalar operations plus array rules). */
  readonly operations: number;
  /** Scalar operations among them (stored as partials, no closure). */
  readonly scalarOperations: number;
  /** Bytes the tape holds per scalar operation (parents, partials and offsets). */
  readonly bytesPerScalarOperation: number;
  /** Ids handed out: scalars plus array elements (the length of the adjoint vector). */
  readonly ids: number;
}

/**
 * Records `f` at `x` on a reverse-mode tape and reports its size, to see what a function
 * costs to differentiate (and to keep the engine honest in benchmarks).
 */
export function tapeStatistics(f: Differentiand, x: Input, ...rest: unknown[]): TapeStatistics {
  structureOf(x, 'x', 'tapeStatistics');
  const ctx = new PassContext({});
  ctx.operator = 'tapeStatistics';
  const run = reversePass(f as never, x, rest, ctx, false);
  return {
    operations: run.tape.ops,
    scalarOperations: run.tape.ops - run.tape.customCount(),
    bytesPerScalarOperation: run.tape.bytesPerScalarOp(),
    ids: run.tape.ids,
  };
}

/** What the inner reverse pass of a forward-over-reverse Hessian-vector product records. */
export interface HvpTapeStatistics {
  /**
   * True when the inner pass ran on the forward-over-reverse tape (adjoints, their tangents and the
   * partials kept as numbers in typed arrays) rather than a generic one.
   */
  readonly secondOrder: boolean;
  /** Operations recorded (scalar operations plus array operations). */
  readonly operations: number;
  /**
   * Operations the second-order paths did not cover (a rule's pullback run on dual adjoints,
   * partials computed as duals): each costs calls through the vocabulary, per element for
   * arrays. Every operation counts as generic on a generic tape.
   */
  readonly genericOperations: number;
  /** Ids handed out: scalars plus array elements. */
  readonly ids: number;
}

/**
 * Runs the inner reverse pass of `hvp(f, secondOrder(forward(), reverse()), x, v)` and reports
 * what it recorded, to see whether a function gets the fast second-order path or which of
 * its operations fall back to the generic one.
 */
export function hvpTapeStatistics(
  f: Differentiand,
  x: Input,
  v: Input,
  ...rest: unknown[]
): HvpTapeStatistics {
  structureOf(x, 'x', 'hvpTapeStatistics');
  const ctx = new PassContext({});
  ctx.operator = 'hvpTapeStatistics';
  const seen: { tape?: Tape } = {};
  const gradient = (xx: unknown): unknown => {
    const run = reversePass(f as never, xx, rest, ctx, false);
    seen.tape = run.tape;
    return run.pullback(1);
  };
  forwardPass(gradient as never, x, [], [v], ctx);
  const tape = seen.tape as Tape;
  const secondOrder = tape instanceof ForwardOverReverseTape;
  return {
    secondOrder,
    operations: tape.ops,
    genericOperations: secondOrder ? tape.genericOps : tape.ops,
    ids: tape.ids,
  };
}
