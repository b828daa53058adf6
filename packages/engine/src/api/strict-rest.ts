import { isActive } from '@pullback/rules-core';
import { PreparationMismatchError } from '../errors.js';
import { count } from '../tree/describe.js';
import { matchesStructure } from '../tree/matches.js';
import { describeStructure, structureOf, type Structure } from '../tree/structure.js';

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
 * The kinds and shapes of the extra arguments of a preparation (caches already replaced by their
 * storage), against which each prepared call's extra arguments are checked. A call whose extra
 * arguments have the kinds they had at preparation (the common case) is checked without
 * allocating; any other is described with `kindOf`, as the message names it.
 */
export class ExtraArgumentKinds {
  private readonly kinds: readonly string[];
  /** Each argument's structure, when it has one (an array of numbers, a record, …). */
  private readonly structures: readonly (Structure | undefined)[];

  constructor(
    private readonly preparer: string,
    private readonly prepared: readonly unknown[],
  ) {
    this.kinds = prepared.map(kindOf);
    this.structures = prepared.map((v) => {
      if (typeof v !== 'object' || v === null) return undefined;
      try {
        return structureOf(v);
      } catch {
        return undefined;
      }
    });
  }

  /** Checks the extra arguments `given` at a prepared call of `method`; none given means the preparation's. */
  check(method: string, given: readonly unknown[]): void {
    if (given.length === 0) return;
    if (given.length !== this.prepared.length) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made with ${count(this.prepared.length, 'extra argument')} ` +
          `after x, but was called with ${given.length}. ${this.again()}`,
      );
    }
    for (let k = 0; k < given.length; k++) {
      if (this.sameKind(k, given[k])) continue;
      const was = this.kinds[k];
      const is = kindOf(given[k]);
      if (was !== is) {
        throw new PreparationMismatchError(
          `${method}: extra argument ${k + 1} after x (rest[${k}]) was ${was} at preparation, ` +
            `but is ${is} here. ${this.again()}`,
        );
      }
    }
  }

  /** What a message about a mismatch tells the caller to do. */
  private again(): string {
    return `Pass extra arguments of the same kinds and shapes as at preparation (their values may change), or prepare again with ${this.preparer}.`;
  }

  /**
   * True when `v` certainly has the kind extra argument `k` had (`kindOf` would say the same),
   * decided without allocating; false means "ask `kindOf`".
   */
  private sameKind(k: number, v: unknown): boolean {
    const p = this.prepared[k];
    if (typeof p === 'function') return typeof v === 'function';
    if (p === null) return v === null;
    if (typeof p !== 'object') return typeof v === typeof p && v !== null;
    const s = this.structures[k];
    if (s !== undefined) return matchesStructure(v, s);
    // Instances of one class (neither arrays, typed arrays nor active values) are named alike.
    if (typeof v !== 'object' || v === null || isActive(v) || isActive(p)) return false;
    const proto: unknown = Object.getPrototypeOf(v);
    return (
      proto === Object.getPrototypeOf(p) &&
      proto !== Object.prototype &&
      proto !== null &&
      !Array.isArray(v) &&
      !ArrayBuffer.isView(v)
    );
  }
}
