import { isPlainObject, mapFields } from './leaves.js';

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

/** What `mapLeaves`' visit returns to look inside a node instead of replacing it. */
export const DESCEND: unique symbol = Symbol('descend');

/**
 * `x` rebuilt through arrays and plain objects, with every node `visit` answers for replaced by
 * its answer. `DESCEND` looks inside arrays (element by element) and plain objects (a matrix's
 * `rows` and `cols` copied, its `data` mapped) and keeps anything else as it is. Visiting
 * decides first, so a node may be replaced whole (a `number[]` lifted as one array).
 */
export function mapLeaves(x: unknown, visit: (node: unknown) => unknown): unknown {
  const answer = visit(x);
  if (answer !== DESCEND) return answer;
  if (Array.isArray(x)) return x.map((e) => mapLeaves(e, visit));
  if (isPlainObject(x)) return mapFields(x, (v) => mapLeaves(v, visit));
  return x;
}
