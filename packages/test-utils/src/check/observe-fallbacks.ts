import type { Backend, FallbackEvent } from '@pullback/engine';

/**
 * `backend` with every fallback also handed to `seen`. The engine delivers a call's fallbacks
 * to the outermost backend's `onFallback` first, so setting it there sees them all; the
 * listener the caller set (there, or on a wrapped backend) still receives each one.
 */
export function observingFallbacks(
  backend: Backend,
  seen: (event: FallbackEvent) => void,
): Backend {
  const own = listenerOf(backend);
  return {
    ...backend,
    onFallback: (event: FallbackEvent) => {
      seen(event);
      own?.(event);
    },
  };
}

/** The listener the engine would use for `b`, as it resolves a backend's fallback options. */
function listenerOf(b: Backend): ((event: FallbackEvent) => void) | undefined {
  if (b.onFallback !== undefined) return b.onFallback;
  if (b.kind === 'sparse') return listenerOf(b.dense);
  if (b.kind === 'secondOrder') return b.outer.onFallback ?? b.inner.onFallback;
  return undefined;
}
