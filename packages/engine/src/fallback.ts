import { ActiveCoercionError } from '@pullback/rules-core';

/** What a backend does when a function cannot be differentiated as written. */
export type FallbackMode = 'auto' | 'error';

/**
 * One fallback: which function, in which mode, why, what was used instead, and the lint rule
 * of `@pullback/eslint-plugin` that would have caught it before it ran.
 */
export interface FallbackEvent {
  /** The function that could not be differentiated as written. */
  readonly functionName: string;
  /** The mode that was differentiating it. */
  readonly mode: string;
  /** Why: the message of the error its body raised. */
  readonly reason: string;
  /**
   * What computed its derivative instead: finite differences (a black box), per-element
   * evaluation (a `map` kernel that changes or reads state it closes over), or sparsity detection
   * again (a prepared sparse Jacobian or Hessian whose pattern may not hold at the new point).
   */
  readonly replacement:
    'finite differences' | 'per-element evaluation' | 'sparsity detection again';
  /** The lint rule that flags the cause, e.g. `@pullback/no-non-generic-storage`. */
  readonly lintRule: string;
}

/** Options every backend accepts. */
export interface FallbackOptions {
  /** `'auto'` (default): fall back and report; `'error'`: throw `FallbackError` instead (for CI). */
  readonly fallback?: FallbackMode;
  /** Receives each fallback once per function (per call, or per prepared object). */
  readonly onFallback?: (event: FallbackEvent) => void;
}

/**
 * Thrown instead of falling back when a backend has `fallback: 'error'`. Every fallback starts
 * from an active value that could not be coerced, so this is an `ActiveCoercionError` too; its
 * message keeps the coercion's own advice.
 */
export class FallbackError extends ActiveCoercionError {
  /** The fallback that was refused. */
  readonly event: FallbackEvent;
  constructor(event: FallbackEvent, cause?: ActiveCoercionError) {
    super(cause?.hint ?? 'number');
    this.name = 'FallbackError';
    this.message =
      `${event.functionName} cannot be differentiated in ${event.mode} mode as written, and ` +
      `fallbacks are disabled (fallback: 'error'). ${event.reason} ` +
      `The lint rule ${event.lintRule} flags this before it runs; fix the function, declare a ` +
      `rule for it with differentiable(fn, { frule, rrule }), or allow the ${event.replacement} ` +
      "fallback with fallback: 'auto'." +
      (cause === undefined ? '' : ` (${cause.message})`);
    this.event = event;
  }
}

/** Formats an event as the one-line warning emitted when nobody listens. */
export function describeFallback(event: FallbackEvent): string {
  const instead =
    event.replacement === 'finite differences'
      ? `re-run as a black box with ${event.replacement} (less accurate, 2n extra calls)`
      : `differentiated by ${event.replacement} instead (${event.reason})`;
  return (
    `pullback: ${event.functionName} could not be differentiated in ${event.mode} mode as written and was ` +
    `${instead}. Lint rule ${event.lintRule} flags the cause.`
  );
}
