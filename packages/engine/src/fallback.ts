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
  /** What computed its derivative instead. */
  readonly replacement: 'finite differences' | 'traced body';
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
    // A rule closing over a value being differentiated (no black box, no lint rule involved).
    if (event.replacement === 'traced body')
      this.message = `${event.reason} Fallbacks are disabled (fallback: 'error'); with fallback: 'auto' its body would be traced instead of using the rule.`;
    this.event = event;
  }
}

/** Formats an event as the one-line warning emitted when nobody listens. */
export function describeFallback(event: FallbackEvent): string {
  if (event.replacement === 'traced body')
    return `pullback: ${event.reason} Its body was traced instead of using the rule (exact).`;
  return (
    `pullback: ${event.functionName} could not be differentiated in ${event.mode} mode and was ` +
    `re-run as a black box with ${event.replacement} (less accurate, 2n extra calls). ` +
    `Lint rule ${event.lintRule} flags the cause.`
  );
}
