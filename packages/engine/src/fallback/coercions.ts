import { ActiveCoercionError } from '@pullback/rules-core';

/**
 * Coercions of active values, recorded on their owning interpreter when they happen. User code
 * can catch an `ActiveCoercionError` (`try { v = Math.log(x) } catch { v = 0 }`) and carry on
 * with the derivative silently lost; the count lets the boundary the body returns through see
 * that it happened and fall back as if the error had reached it. A counter and a field per
 * interpreter: nothing is paid until a coercion happens.
 */
export class CoercionLog {
  /** Coercions of this interpreter's values not yet handled by a boundary. */
  coercions = 0;
  /** The most recent of them: its message and stack say what and where. */
  lastCoercion: ActiveCoercionError | undefined = undefined;

  /** The `Interpreter.coerced` hook: counts the coercion. */
  coerced(error: ActiveCoercionError): void {
    this.coercions++;
    this.lastCoercion = error;
  }
}

/**
 * Runs `body` as a boundary of `log`'s interpreter. When the body throws an
 * `ActiveCoercionError`, or coerces one of the interpreter's values and catches the error
 * itself, the result is `fallBack(error, caught)` instead. Either way the coercions inside are
 * handled here, so enclosing boundaries do not fall back for them again.
 */
export function atBoundary<T>(
  log: CoercionLog,
  body: () => T,
  fallBack: (error: ActiveCoercionError, caught: boolean) => T,
): T {
  const before = log.coercions;
  let y: T;
  try {
    y = body();
  } catch (error) {
    if (!(error instanceof ActiveCoercionError)) throw error;
    log.coercions = before;
    return fallBack(error, false);
  }
  if (log.coercions === before) return y;
  log.coercions = before;
  return fallBack(log.lastCoercion as ActiveCoercionError, true);
}
