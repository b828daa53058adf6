import { isActive } from '@pullback/rules-core';
import { isPlainObject } from './leaves.js';
import { DESCEND, mapLeaves } from './walk.js';

/**
 * Results are memory of the caller's own: no result shares an array or a buffer with the
 * caller's inputs or with another result, so writing into one changes nothing else. Values `f`
 * returned may be anything `f` holds (its input, a constant it closes over, an extra argument),
 * so they are copied; derivatives are computed into new arrays already, so those are only
 * checked, and copied in the rare case they share memory.
 */

/** A deep copy of the arrays, typed arrays and plain objects of `v` (active values are kept). */
export function copyValue<T>(v: T): T {
  return mapLeaves(v, copyNode) as T;
}

function copyNode(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || isActive(v)) return v;
  if (ArrayBuffer.isView(v)) return 'slice' in v ? (v as unknown as Float64Array).slice() : v;
  // An array with no object inside (a `number[]`) is copied whole, not element by element.
  if (Array.isArray(v) && !v.some((e) => typeof e === 'object' && e !== null)) return v.slice();
  return DESCEND;
}

/**
 * `results`, with any array or buffer that also belongs to one of `inputs` or to an earlier
 * result replaced by a copy. Results are the operator's own objects, so they are patched in
 * place.
 */
export function unshared<T extends unknown[]>(results: T, inputs: readonly unknown[]): T {
  const seen = new Set<object>();
  for (const x of inputs) collect(x, seen);
  for (let i = 0; i < results.length; i++) results[i] = claim(results[i], seen);
  return results;
}

// `collect` and `claim` walk by hand: they run on every result of every call, and skip the
// numbers of a `number[]` inline (a walk would visit each one).

/** The memory `v` is made of: typed arrays by their buffer, arrays and objects by identity. */
function collect(v: unknown, seen: Set<object>): void {
  if (typeof v !== 'object' || v === null || isActive(v)) return;
  if (ArrayBuffer.isView(v)) {
    seen.add(v.buffer);
    return;
  }
  if (seen.has(v)) return;
  if (Array.isArray(v)) {
    seen.add(v);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (typeof e === 'object' && e !== null) collect(e, seen);
    }
  } else if (isPlainObject(v)) {
    seen.add(v);
    for (const k of Object.keys(v)) collect(v[k], seen);
  }
}

/** `v` as memory no one else holds: copied where it was seen before, then recorded as seen. */
function claim(v: unknown, seen: Set<object>): unknown {
  if (typeof v !== 'object' || v === null || isActive(v)) return v;
  if (ArrayBuffer.isView(v)) {
    const out = seen.has(v.buffer) ? (v as unknown as Float64Array).slice() : v;
    seen.add(out.buffer);
    return out;
  }
  if (!Array.isArray(v) && !isPlainObject(v)) return v;
  if (seen.has(v)) {
    const copy = copyValue(v);
    collect(copy, seen);
    return copy;
  }
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (typeof e === 'object' && e !== null) v[i] = claim(e, seen);
    }
  } else {
    for (const k of Object.keys(v)) v[k] = claim(v[k], seen);
  }
  return v;
}
