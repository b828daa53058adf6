import { ActiveCoercionError } from '@pullback/rules-core';

/** What a backend does when a function cannot be differentiated as written. */
export type FallbackMode = 'auto' | 'error';

/**
 * One fallback: a function whose body could not carry active values was re-run as a black box
 * and its derivative taken by finite differences. Says which function, where, in which mode,
 * why, what was used instead, how accurate that is, and the lint rule of
 * `@pullback/eslint-plugin` that would have caught it before it ran.
 */
export interface FallbackEvent {
  /** The function that could not be differentiated as written (`anonymous function` for an unnamed one). */
  readonly functionName: string;
  /**
   * Where in your code it failed: the first stack frame of the failing coercion outside
   * pullback's packages and Node's internals, as `path:line:column`; `undefined` when the
   * stack shows none.
   */
  readonly location: string | undefined;
  /** The mode that was differentiating it. */
  readonly mode: string;
  /** Why: the first sentence of the error its body raised (or caught itself, which is said). */
  readonly reason: string;
  /**
   * What computed its derivative instead: finite differences (a black box), per-element
   * evaluation (a `map` kernel that changes or reads state it closes over), sparsity detection
   * again (a prepared sparse Jacobian or Hessian whose pattern may not hold at the new point), local
   * sparsity detection (the global detector found a branch it cannot see through), or
   * the traced body (a rule that closes over a value being differentiated cannot be used).
   */
  readonly replacement:
    | 'finite differences'
    | 'per-element evaluation'
    | 'sparsity detection again'
    | 'local sparsity detection'
    | 'traced body';
  /** The lint rule that flags the cause, e.g. `@pullback/no-non-generic-storage`. */
  readonly lintRule: string;
  /**
   * The largest estimated absolute error of a derivative entry the fallback computed, from the
   * third difference over its stencil (`x - h`, `x`, `x + h`, `x + 2h` along each direction):
   * h²|f'''|/6 plus rounding for a smooth function, as large as the entry itself across a jump
   * or kink. `Infinity` when the function gave non-finite values within a step of a finite
   * value; `NaN` when the fallback never ran (refused by `fallback: 'error'`).
   */
  readonly errorEstimate: number;
  /**
   * Whether the differences can be trusted: the estimated error of every entry is small next
   * to that entry, its row's largest entry, and the rounding of the function's values. An
   * unreliable fallback (a jump or kink within the stencil, as `Math.floor` at 2, `Math.sign`
   * or `Math.max(x, 0)` at 0 give) is never used: it throws `FallbackError`, under `'auto'`
   * too. `false` also when the fallback never ran.
   */
  readonly reliable: boolean;
}

/** Options every backend accepts. */
export interface FallbackOptions {
  /** `'auto'` (default): fall back and report; `'error'`: throw `FallbackError` instead (for CI). */
  readonly fallback?: FallbackMode;
  /** Receives each fallback once per function (per call, or per prepared object). */
  readonly onFallback?: (event: FallbackEvent) => void;
}

/**
 * Thrown instead of falling back when a backend has `fallback: 'error'`, and under `'auto'`
 * when the fallback's differences are unreliable (`event.reliable` is false: a jump or kink
 * within the stencil). Every fallback starts from an active value that could not be coerced,
 * so this is an `ActiveCoercionError` too; `cause` is that original error, whose advice the
 * message repeats.
 */
export class FallbackError extends ActiveCoercionError {
  /** The fallback that was refused. */
  readonly event: FallbackEvent;
  constructor(event: FallbackEvent, cause?: ActiveCoercionError) {
    super(cause?.hint ?? 'number');
    this.name = 'FallbackError';
    const refused = Number.isNaN(event.errorEstimate);
    this.message =
      `${subject(event)} cannot be differentiated in ${event.mode} mode as written, and ` +
      (refused
        ? "fallbacks are disabled (fallback: 'error'). "
        : `its fallback to ${event.replacement} is unreliable here (estimated error ` +
          `${formatError(event.errorEstimate)}): the function has a jump or kink within a few ` +
          'steps of the point (Math.floor, Math.sign, Math.max, a branch on the value), where ' +
          'differences are garbage. ') +
      `${event.reason} The lint rule ${event.lintRule} flags this before it runs; fix the ` +
      'function with the math vocabulary (floor, sign, max and ifElse have rules) or declare a ' +
      'rule for it with differentiable(fn, { frule, rrule })' +
      (refused ? `, or allow the ${event.replacement} fallback with fallback: 'auto'.` : '.') +
      (cause === undefined ? '' : ` (${cause.message})`);
    // A rule closing over a value being differentiated (no black box, no lint rule involved).
    if (event.replacement === 'traced body')
      this.message = `${event.reason} Fallbacks are disabled (fallback: 'error'); with fallback: 'auto' its body would be traced instead of using the rule.`;
    this.event = event;
    if (cause !== undefined) {
      // As `new Error(message, { cause })` does: an own, non-enumerable property.
      Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true });
    }
  }
}

/** Formats an event as the one-line warning emitted when nobody listens. */
export function describeFallback(event: FallbackEvent): string {
  if (event.replacement === 'traced body')
    return `pullback: ${event.reason} Its body was traced instead of using the rule (exact).`;
  const instead =
    event.replacement === 'finite differences'
      ? `re-run as a black box with finite differences (estimated error ` +
        `${formatError(event.errorEstimate)}; slower and less accurate than AD)`
      : `differentiated by ${event.replacement} instead (${event.reason})`;
  return (
    `pullback: ${subject(event)} could not be differentiated in ${event.mode} mode as written ` +
    `and was ${instead}. Lint rule ${event.lintRule} flags the cause.`
  );
}

/** The function and, when known, where it failed: `badcopy (at src/model.ts:12:9)`. */
function subject(event: FallbackEvent): string {
  return event.location === undefined
    ? event.functionName
    : `${event.functionName} (at ${event.location})`;
}

function formatError(e: number): string {
  return Number.isFinite(e) ? e.toPrecision(2) : String(e);
}
