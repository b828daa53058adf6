import { PullbackError } from '../errors.js';

/** Thrown when arrays or matrices of incompatible shapes are combined. */
export class ShapeMismatchError extends PullbackError {}

/** Thrown when an index is outside an array. */
export class IndexOutOfRangeError extends PullbackError {}

/** Thrown when a linear system has no unique solution (`solve`), or a rule needs `A⁻¹` of a singular `A`. */
export class SingularMatrixError extends PullbackError {}
