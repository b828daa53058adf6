import { PullbackError } from '../errors.js';

/** Thrown when arrays or matrices of incompatible shapes are combined. */
export class ShapeMismatchError extends PullbackError {}

/** Thrown when an index is outside an array. */
export class IndexOutOfRangeError extends PullbackError {}
