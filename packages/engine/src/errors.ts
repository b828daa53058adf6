import { PullbackError } from '@pullback/rules-core';

/** Thrown when a prepared operator is called at a point whose shape or kind differs from the one it was prepared for. */
export class PreparationMismatchError extends PullbackError {}

/** Thrown when an operator receives an input it cannot differentiate (a string, a `Map`, a function, ...). */
export class UnsupportedInputError extends PullbackError {}

/** Thrown when an operator's function returns something the operator cannot use (e.g. an array for `gradient`). */
export class OutputShapeError extends PullbackError {}
