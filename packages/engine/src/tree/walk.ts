import { isPlainObject } from './leaves.js';

/**
 * The walk every "does `x` hold …?" question shares: depth first through arrays and plain
 * objects (every own key), asking `visit` at each node first. A boolean from `visit` is the
 * answer for that node (nothing inside it is looked at: an active value's answer may depend
 * on what it wraps, which `visit` reads itself); `undefined` looks inside arrays and plain
 * objects, and is `false` for anything else. True as soon as one node answers true.
 */
export function someNode(x: unknown, visit: (node: unknown) => boolean | undefined): boolean {
  const answer = visit(x);
  if (answer !== undefined) return answer;
  if (Array.isArray(x)) return x.some((e) => someNode(e, visit));
  if (isPlainObject(x)) return Object.values(x).some((e) => someNode(e, visit));
  return false;
}
