import { checkBackend, fallbackOptionsOf } from '../internal/resolve.js';
import { structureOf } from '../internal/structure.js';
import { PassContext } from '../passes/context.js';
import type { Backend } from '../backends.js';

/** Validates an operator call and gives it a fresh pass context (its own fallback log). */
export function begin(backend: unknown, x: unknown): PassContext {
  checkBackend(backend);
  structureOf(x);
  return new PassContext(fallbackOptionsOf(backend as Backend));
}

/** Runs one unprepared operator call with its own context, recycling its tape afterwards. */
export function once<T>(backend: unknown, x: unknown, body: (ctx: PassContext) => T): T {
  const ctx = begin(backend, x);
  try {
    return body(ctx);
  } finally {
    ctx.release();
  }
}
