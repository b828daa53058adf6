import {
  interpretersInFlight,
  withInterpreter,
  type Interpreter,
} from '@pullback/rules-core/interpreter';
import { ForwardInterpreter } from './forward.js';
import { ReverseInterpreter } from './reverse.js';
import { ForwardOverReverseInterpreter } from './forward-over-reverse.js';
import { ForwardOverReverseTape } from '../tapes/forward-over-reverse-tape.js';
import { Tape } from '../tapes/tape.js';
import { primalDeep } from '../tree/primal-deep.js';
import { checkOutput } from './user-output.js';
import type { PassContext } from './pass-context.js';
import type { BoundaryHandler } from './boundary.js';
import { atBoundary, type CoercionLog } from '../fallback/coercions.js';
import { densify, liftForward, liftReverse, readAdjoint } from '../values/lift.js';

/** A function as operators call it: `x` first, then the constant extra arguments. */
export type UserFunction = (x: never, ...rest: never[]) => unknown;

/**
 * Calls the user's function as the outermost boundary: if its body cannot carry active
 * values, the pass falls back to a black box for the whole function.
 */
function callTop(
  interp: Interpreter & CoercionLog & { boundary: BoundaryHandler },
  f: UserFunction,
  xA: unknown,
  rest: readonly unknown[],
  rewind: () => void,
  operator: string,
): unknown {
  return atBoundary(
    interp,
    () => {
      const y = f(xA as never, ...(rest as never[]));
      checkOutput(y, operator);
      return y;
    },
    (error, caught) => {
      rewind();
      return interp.boundary.blackBox(
        interp,
        undefined,
        { name: f.name, body: f as never },
        [xA, ...rest],
        error,
        caught,
      );
    },
  );
}

/** One forward sweep recorded on a tape, ready for any number of pullbacks. */
export interface ReverseRun {
  /** The output, one level down (plain numbers at top level). */
  readonly y: unknown;
  /** The cotangent of `x` for an output cotangent `dy` (in `y`'s structure). */
  pullback(dy: unknown): unknown;
  /** Bytes per recorded scalar operation, for benchmarks. */
  readonly tape: Tape;
}

/**
 * The interpreter and tape for a reverse pass: numeric at top level; second-order when the only
 * pass in flight is a forward pass (forward over reverse, as in Hessian-vector products), whose
 * duals the tape then keeps split into numbers; generic under any other nesting.
 */
function reverseInterpreter(ctx: PassContext, reuseTape: boolean): ReverseInterpreter {
  const inFlight = interpretersInFlight();
  const config = ctx.config('reverse');
  const outer = inFlight.length === 1 ? inFlight[0] : undefined;
  if (outer instanceof ForwardInterpreter) {
    const tape = reuseTape ? ctx.takeSecondOrderTape(outer) : new ForwardOverReverseTape(outer);
    return new ForwardOverReverseInterpreter(tape, config, ctx.boundary, outer);
  }
  const numeric = inFlight.length === 0;
  const tape = reuseTape ? ctx.takeTape(numeric) : new Tape(numeric);
  return new ReverseInterpreter(tape, config, ctx.boundary);
}

/** Runs `f` at `x` in reverse mode. */
export function reversePass(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
  reuseTape = true,
): ReverseRun {
  const interp = reverseInterpreter(ctx, reuseTape);
  const tape = interp.tape;
  let xA: unknown;
  let xSaved: unknown;
  const yA = withInterpreter(interp, () => {
    xA = liftReverse(interp, x);
    // The input's ids as lifted: f may move its arrays to new ids with setAt.
    xSaved = interp.snapshot(xA);
    const checkpoint = tape.checkpoint();
    return callTop(interp, f, xA, rest, () => tape.rewind(checkpoint), ctx.operator);
  });
  const y = interp.lower(yA);
  return {
    y,
    tape,
    pullback(dy: unknown): unknown {
      const adj = tape.zeros();
      interp.scatter(yA, dy, adj);
      tape.backward(adj);
      return readAdjoint(interp, xSaved, x, adj);
    },
  };
}

/** One forward sweep with a chunk of tangents. */
export interface ForwardRun {
  /** The output, one level down. */
  readonly y: unknown;
  /** Tangent of the output for lane `j`, structural zeros kept. */
  tangent(j: number): unknown;
  /** Tangent of the output for lane `j`, with zeros filled in (operators' results). */
  denseTangent(j: number): unknown;
}

/** Runs `f` at `x` in forward mode, lane `j` pushing `tangents[j]` forward. */
export function forwardPass(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  tangents: readonly unknown[],
  ctx: PassContext,
): ForwardRun {
  const interp = new ForwardInterpreter(tangents.length, ctx.config('forward'), ctx.boundary);
  const yA = withInterpreter(interp, () => {
    const xA = liftForward(interp, x, tangents);
    return callTop(interp, f, xA, rest, () => undefined, ctx.operator);
  });
  const y = interp.lower(yA);
  const like = primalDeep(y);
  return {
    y,
    tangent: (j) => interp.tangentLane(yA, j),
    denseTangent: (j) => densify(interp.tangentLane(yA, j), like),
  };
}
