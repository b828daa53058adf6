import { isActive, PRIMAL } from '@pullback/rules-core';
import { allNumbers } from './leaves.js';
import { DESCEND, mapLeaves } from './walk.js';

/** `x` with every level of activity stripped, through arrays and plain objects. */
export function primalDeep(x: unknown): unknown {
  return mapLeaves(x, primalNode);
}

function primalNode(x: unknown): unknown {
  if (isActive(x)) {
    const inner = primalDeep(x[PRIMAL]);
    if ('length' in x && Array.isArray(inner) && allNumbers(inner))
      return Float64Array.from(inner as number[]);
    return inner;
  }
  // An array with nothing inside to strip is kept, not copied.
  if (Array.isArray(x) && !x.some((e) => typeof e === 'object' && e !== null)) return x;
  return DESCEND;
}
