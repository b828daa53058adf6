/**
 * `@pullback/rules-core/interpreter`: the protocol between rules-core and an engine. An engine
 * pushes an {@link Interpreter} while it differentiates, builds active values (`ACTIVE`,
 * `PRIMAL`) and reads a differentiable function's record to pick a rule. A rule author or a test
 * writer needs none of this: everything they use is at `@pullback/rules-core`.
 *
 * @packageDocumentation
 */
export { ACTIVE, PRIMAL } from '../symbols.js';
export type { Interpreter, Mode } from './stack.js';
export {
  pushInterpreter,
  popInterpreter,
  withInterpreter,
  interpretersInFlight,
  innermostOwner,
} from './stack.js';
export type { DifferentiableRecord } from '../differentiable.js';
export { recordOf } from '../differentiable.js';
export { isCheckpoint } from '../checkpoint.js';
