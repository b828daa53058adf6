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
