import { describeFallback, type FallbackEvent, type FallbackOptions } from './events.js';

/**
 * What has been warned about through `process.emitWarning`, process-wide, so warnings never
 * flood: by source location when the event has one (a closure re-created in a loop is one
 * function to its author), else by function identity; per mode either way.
 */
const warnedAt = new Set<string>();
const warnedFor = new WeakMap<object, Set<string>>();

/** True the first time this function (or location) is warned about in this mode. */
function firstWarning(key: object, event: FallbackEvent): boolean {
  if (event.location !== undefined) {
    const id = `${event.mode}|${event.location}`;
    if (warnedAt.has(id)) return false;
    warnedAt.add(id);
    return true;
  }
  let modes = warnedFor.get(key);
  if (modes === undefined) warnedFor.set(key, (modes = new Set()));
  if (modes.has(event.mode)) return false;
  modes.add(event.mode);
  return true;
}

/**
 * Collects the fallbacks of one operator call or one prepared object, delivering each
 * function's event once (by the function's identity, not its name: every inline arrow is
 * anonymous): to `onFallback`, else as a single process warning.
 */
export class FallbackLog {
  readonly events: FallbackEvent[] = [];
  private readonly seen = new WeakSet<object>();
  /** Notices already delivered, by what they are about. */
  private readonly noticed = new Set<string>();
  constructor(private readonly options: FallbackOptions) {}

  /** True under `fallback: 'error'`: nothing may fall back. */
  get refuses(): boolean {
    return this.options.fallback === 'error';
  }

  /** True when `key`'s fallback was already delivered. */
  has(key: object): boolean {
    return this.seen.has(key);
  }

  /** Delivers `key`'s fallback, unless it already was. */
  report(key: object, event: FallbackEvent): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.events.push(event);
    if (this.options.onFallback !== undefined) {
      this.options.onFallback(event);
      return;
    }
    if (firstWarning(key, event)) {
      process.emitWarning(describeFallback(event), { code: 'PULLBACK_FALLBACK' });
    }
  }

  /**
   * Records an event that `fallback: 'error'` does not refuse and no warning announces, because
   * the result stays exact (a sparsity pattern detected again): in `events`, and to `onFallback`.
   */
  notice(key: string, event: FallbackEvent): void {
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.events.push(event);
    this.options.onFallback?.(event);
  }
}
