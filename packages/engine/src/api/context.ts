import { checkBackend, fallbackOptionsOf } from '../backends/auto.js';
import { structureOf } from '../tree/structure.js';
import { PassContext } from '../interpreters/pass-context.js';
import type { Backend } from '../backends/backend.js';
import { refuseBatch } from './tangents.js';

/**
 * Validates an operator call (the backend, and `x` with every odd input refused here, at the
 * entry) and gives it a fresh pass context (its own fallback log). `operator` is the name
 * messages give the call; `differentiateWith` alone begins passes without one.
 */
export function begin(
  backend: unknown,
  x: unknown,
  operator = 'differentiateWith(fn, backend)',
): PassContext {
  checkBackend(backend, operator);
  // A batch would otherwise pass as a record { items, length }.
  refuseBatch(operator, 'x', x);
  structureOf(x, 'x', operator);
  const ctx = new PassContext(fallbackOptionsOf(backend as Backend));
  ctx.operator = operator;
  return ctx;
}

/**
 * Runs one unprepared call of `operator` with its own context, recycling its tape afterwards.
 */
export function once<T>(
  operator: string,
  backend: unknown,
  x: unknown,
  body: (ctx: PassContext) => T,
): T {
  const ctx = begin(backend, x, operator);
  try {
    return ctx.call(operator, () => body(ctx));
  } finally {
    ctx.release();
  }
}
