import { PullbackError } from '@pullback/rules-core';

/**
 * Thrown when finite differences cannot be taken of a function as given: its output changes
 * structure near the point, a gradient is asked of a function whose value is not a number, or
 * a tangent does not fit the input.
 */
export class FiniteDifferenceError extends PullbackError {}
