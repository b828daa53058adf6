import { isActive } from '@pullback/rules-core';
import type { Structure } from './structure.js';

/**
 * True when `x` certainly has structure `s`: `structureOf(x)` would not throw and would be the
 * same as `s`. Decided without allocating, for the checks a prepared call makes on every call.
 * False means "not known to match": the caller asks `structureOf`, which says how `x` differs
 * (or what is wrong with it). Records are always asked that way: telling a getter from a field
 * needs a property descriptor per key.
 */
export function matchesStructure(x: unknown, s: Structure): boolean {
  switch (s.kind) {
    case 'number':
      return typeof x === 'number' || (isActive(x) && !('length' in x));
    case 'float64':
      // A Proxy passes `instanceof` but is no view: `structureOf` refuses it.
      if (x instanceof Float64Array) return ArrayBuffer.isView(x) && x.length === s.length;
      return isActive(x) && 'length' in x && (x as { length: number }).length === s.length;
    case 'numbers': {
      if (!Array.isArray(x) || isActive(x) || x.length !== s.length) return false;
      for (let i = 0; i < x.length; i++) {
        const e: unknown = x[i];
        if (typeof e !== 'number' && !(isActive(e) && !('length' in e))) return false;
      }
      return true;
    }
    case 'tuple': {
      // Some item is not a number (else `s` would be 'numbers'), so x is not one of numbers;
      // a hole matches no item, and a cycle cannot match a finite structure.
      if (!Array.isArray(x) || isActive(x) || x.length !== s.items.length) return false;
      for (let i = 0; i < x.length; i++) if (!matchesStructure(x[i], s.items[i])) return false;
      return true;
    }
    case 'record':
      return false;
  }
}
