/**
 * `[start, end)` of `slice(x, start, end)` on an array of length `n`, read the way
 * `Array.prototype.slice` reads them: truncated, negative from the end, clamped, and `end`
 * never before `start`.
 */
export function sliceBounds(
  n: number,
  start: number | undefined,
  end: number | undefined,
): [number, number] {
  const s = position(start, n, 0);
  return [s, Math.max(s, position(end, n, n))];
}

function position(p: number | undefined, n: number, fallback: number): number {
  if (p === undefined) return fallback;
  const q = Math.trunc(p) || 0;
  return q < 0 ? Math.max(n + q, 0) : Math.min(q, n);
}
