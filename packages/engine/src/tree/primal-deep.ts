import { isActive, PRIMAL } from '@pullback/rules-core';
import { allNumbers, isPlainObject } from './leaves.js';

/** `x` with every level of activity stripped, through arrays and plain objects. */
export function primalDeep(x: unknown): unknown {
  if (isActive(x)) {
    const inner = primalDeep(x[PRIMAL]);
    if ('length' in x && Array.isArray(inner) && allNumbers(inner))
      return Float64Array.from(inner as number[]);
    return inner;
  }
  if (Array.isArray(x)) {
    return x.some((e) => typeof e === 'object' && e !== null) ? x.map(primalDeep) : x;
  }
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = primalDeep(x[k]);
    return out;
  }
  return x;
}
