/** A function's value and gradient at a point: what a prepared `valueAndGradient` returns. */
export type ValueAndGradient = (x: Float64Array) => readonly [number, Float64Array];

/** One line of an optimiser's log. */
export interface Iteration {
  /** 0 for the starting point. */
  readonly iteration: number;
  /** The loss at the iterate. */
  readonly loss: number;
  /** ‖∇loss‖ at the iterate. */
  readonly gradientNorm: number;
  /** Evaluations of value and gradient so far (for Newton-CG, Hessian-vector products too). */
  readonly evaluations: number;
}

/** Where an optimiser stopped, and how it got there. */
export interface OptimisationResult {
  /** The last iterate. */
  readonly x: Float64Array;
  /** The loss there. */
  readonly loss: number;
  /** ‖∇loss‖ there. */
  readonly gradientNorm: number;
  /** The log, one entry per iterate, the starting point first. */
  readonly iterations: readonly Iteration[];
  /** Whether the gradient norm reached the tolerance. */
  readonly converged: boolean;
}

/** Options shared by the optimisers. */
export interface OptimiserOptions {
  /** Stop when ‖∇loss‖ ≤ this (default 1e-10). */
  readonly gradientTolerance?: number;
  /** Stop after this many iterations (default 1000). */
  readonly maxIterations?: number;
}
