import { PullbackError } from '@pullback/rules-core';

/** Thrown by `logdetSPD` when its matrix is not symmetric positive definite. */
export class NotPositiveDefiniteError extends PullbackError {}
