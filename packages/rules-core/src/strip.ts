import { isActive, primal } from './active.js';

/**
 * `v` with every active value replaced by its plain primal, through arrays and plain objects
 * (the values `innermostOwner` searches). Returns `v` itself when it holds no active value, so
 * passive input costs a scan and no copy.
 * @internal
 */
export function stripDeep<T>(v: T): T {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
  if (isActive(v)) return primal(v) as T;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const s = stripDeep(v[i] as unknown);
      if (s !== v[i] && out === undefined) out = v.slice(0, i);
      if (out !== undefined) out.push(s);
    }
    return (out ?? v) as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[key];
    const s = stripDeep(x);
    if (s !== x) {
      out ??= { ...(v as Record<string, unknown>) };
      out[key] = s;
    }
  }
  return (out ?? v) as T;
}
