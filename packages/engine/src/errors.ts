import { PullbackError } from '@pullback/rules-core';

/** Thrown when a prepared operator is called at a point whose shape or kind differs from the one it was prepared for. */
export class PreparationMismatchError extends PullbackError {}

/**
 * Thrown when an operator receives an input it cannot differentiate (a string, a `Map`, an
 * array with holes, a cyclic object, ...); the message names the path of the offending part
 * (`x[1]`, `x.a.b`).
 */
export class UnsupportedInputError extends PullbackError {}

/**
 * Thrown when an operator's function returns something the operator cannot use: an array for
 * `gradient`, a string, or a promise (`f` must be synchronous).
 */
export class OutputShapeError extends PullbackError {}

/**
 * Thrown when a backend is made with an option it does not know or a value it cannot use
 * (`reverse({ fallback: 'errors' })`, `finiteDifferences({ relativeStep: 0 })`). Every option
 * error of every backend is this one class, so it is caught as one family with the other
 * `PullbackError`s; `option` names the option and the message lists the allowed values.
 */
export class BackendOptionError extends PullbackError {
  constructor(
    /** The backend being made, e.g. `'reverse'`. */
    readonly backend: string,
    /** The option at fault, e.g. `'fallback'`. */
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by `zipLeaves` (`tree/walk.ts`) when two values it walks together differ in structure:
 * `path` is where (`[1].a`), and the message says what each side holds there. Internal: callers
 * that walk values a user gave check them first and throw their own error.
 */
export class StructureMismatchError extends PullbackError {
  constructor(
    /** Where the two values differ, from their roots: array indices and object keys. */
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}
