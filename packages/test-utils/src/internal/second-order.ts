import type { Harness } from './harness.js';

/** Placeholder until the engine lands: second-order checks need it. */
export function runSecondOrderChecks(h: Harness, _which: 'frule' | 'rrule'): void {
  throw new Error(`order: 2 needs @pullback/engine (${h.name})`);
}
