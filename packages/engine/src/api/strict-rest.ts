import { PreparationMismatchError } from '../errors.js';
import { count } from '../tree/describe.js';
import { describeStructure, structureOf } from '../tree/structure.js';

/**
 * Strict preparation for the extra arguments (DifferentiationInterface's strict mode): a
 * prepared call may change their values but not their kinds or shapes, since what was prepared
 * (the backend chosen, buffers sized, code generated) may depend on them.
 */

/** The kind and shape of an extra argument, as a message names it ("Float64Array(3)", "a string"). */
function kindOf(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object' && v !== null) {
    try {
      return describeStructure(structureOf(v));
    } catch {
      const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)
        ?.constructor?.name;
      return name !== undefined && name !== 'Object' ? `an instance of ${name}` : 'an object';
    }
  }
  return v === null ? 'null' : v === undefined ? 'undefined' : `a ${typeof v}`;
}

/**
 * Checks the extra arguments `given` at a prepared call against those of the preparation
 * (caches already replaced by their storage in both); none given means the preparation's.
 */
export function requireSameRest(
  method: string,
  preparer: string,
  prepared: readonly unknown[],
  given: readonly unknown[],
): void {
  if (given.length === 0) return;
  const again = `Pass extra arguments of the same kinds and shapes as at preparation (their values may change), or prepare again with ${preparer}.`;
  if (given.length !== prepared.length) {
    throw new PreparationMismatchError(
      `${method}: this preparation was made with ${count(prepared.length, 'extra argument')} ` +
        `after x, but was called with ${given.length}. ${again}`,
    );
  }
  for (let k = 0; k < given.length; k++) {
    const was = kindOf(prepared[k]);
    const is = kindOf(given[k]);
    if (was !== is) {
      throw new PreparationMismatchError(
        `${method}: extra argument ${k + 1} after x (rest[${k}]) was ${was} at preparation, ` +
          `but is ${is} here. ${again}`,
      );
    }
  }
}
