import { PassContext } from '../passes/context.js';
import { reversePass } from '../passes/run.js';
import { structureOf } from '../internal/structure.js';
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
  structureOf(x);
  const run = reversePass(f as never, x, rest, new PassContext({}), false);
  return {
    operations: run.tape.ops,
    scalarOperations: run.tape.ops - run.tape.customCount(),
    bytesPerScalarOperation: run.tape.bytesPerScalarOp(),
    ids: run.tape.ids,
  };
}
