import type { ActiveCoercionError, DifferentiableFunction } from '@pullback/rules-core';
import type { DifferentiableRecord } from '@pullback/rules-core/interpreter';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import type { FallbackEvent } from '../fallback/events.js';

/**
 * What an interpreter does when a body it traced cannot carry active values: the fallback
 * policy decides (report and re-run as a black box, or throw `FallbackError`).
 */
export interface BoundaryHandler {
  blackBox(
    interpreter: Interpreter,
    f: DifferentiableFunction | undefined,
    rec: Pick<DifferentiableRecord, 'name' | 'body'>,
    args: readonly unknown[],
    error: ActiveCoercionError,
    /** True when the body caught the error itself and returned (the coercion was recorded). */
    caught?: boolean,
  ): unknown;
  /**
   * Reports a fallback that needs no black box (a rule that cannot be used, whose body is
   * traced instead; an impure kernel run per element), once per `key`; throws `FallbackError`
   * when fallbacks are disabled.
   */
  report(key: object, event: FallbackEvent): void;
}
