import type { ActiveCoercionError } from '@pullback/rules-core';
import {
  describeFallback,
  FallbackError,
  type FallbackEvent,
  type FallbackOptions,
} from '../fallback.js';

/** Functions already warned about through `process.emitWarning`, process-wide, so warnings never flood. */
const warned = new Set<string>();

/**
 * Collects the fallbacks of one operator call or one prepared object, delivering each
 * function's event once: to `onFallback`, else as a single process warning.
 */
export class FallbackLog {
  readonly events: FallbackEvent[] = [];
  private readonly seen = new Set<unknown>();
  constructor(private readonly options: FallbackOptions) {}

  /** Records a fallback, or throws `FallbackError` when fallbacks are disabled. */
  report(key: unknown, event: FallbackEvent, cause?: ActiveCoercionError): void {
    if (this.options.fallback === 'error') throw new FallbackError(event, cause);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.events.push(event);
    if (this.options.onFallback !== undefined) {
      this.options.onFallback(event);
      return;
    }
    const id = `${event.functionName}|${event.mode}`;
    if (warned.has(id)) return;
    warned.add(id);
    process.emitWarning(describeFallback(event), { code: 'PULLBACK_FALLBACK' });
  }

  /**
   * Records an event that `fallback: 'error'` does not refuse and no warning announces, because
   * the result stays exact (a sparsity pattern detected again): in `events`, and to `onFallback`.
   */
  notice(key: unknown, event: FallbackEvent): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.events.push(event);
    this.options.onFallback?.(event);
  }
}
