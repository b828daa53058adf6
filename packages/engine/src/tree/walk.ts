import { isActive, unthunk } from '@pullback/rules-core';
import { StructureMismatchError } from '../errors.js';
import { describe } from './describe.js';
import { differentiableKeys, isMatrixLike, isPlainObject, mapFields } from './leaves.js';

/**
 * The walks over structured values (numbers, `number[]`, `Float64Array`, plain objects and
 * arrays nesting them, matrices `{ rows, cols, data }`): every recursion through a value's
 * arrays and plain objects in the engine is one of these, with its own rules as the callback.
 * Arrays are walked element by element, plain objects by their differentiable fields (a
 * matrix's `data`; its `rows` and `cols` are shape, copied and never visited); anything else
 * (typed arrays, active values, class instances, maps) is a node the callback answers for.
 */

/** Where a node sits from the root: array indices and object keys, outermost first. */
export type Path = readonly (string | number)[];

/** The path as it reads in messages: `[1].a.b`, `''` for the root. */
export function pathString(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/**
 * The walk every "does `x` hold …?" question shares: depth first, asking `visit` at each node
 * first. A boolean from `visit` is the answer for that node (nothing inside it is looked at: an
 * active value's answer may depend on what it wraps, which `visit` reads itself); `undefined`
 * looks inside arrays and plain objects, and is `false` for anything else. True as soon as one
 * node answers true. A walk that collects answers `false` at the nodes it takes. Given a root
 * `path`, each node's path is passed to `visit` (built only then: most walks need none).
 */
export function someNode(x: unknown, visit: (node: unknown) => boolean | undefined): boolean;
export function someNode(
  x: unknown,
  visit: (node: unknown, path: Path) => boolean | undefined,
  path: Path,
): boolean;
export function someNode(
  x: unknown,
  visit: (node: unknown, path: Path) => boolean | undefined,
  path?: Path,
): boolean {
  const answer = visit(x, path as Path);
  if (answer !== undefined) return answer;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (someNode(x[i], visit, (path && [...path, i]) as Path)) return true;
    }
    return false;
  }
  if (isPlainObject(x)) {
    for (const k of differentiableKeys(x)) {
      if (someNode(x[k], visit, (path && [...path, k]) as Path)) return true;
    }
  }
  return false;
}

/** True for a node the walks look inside: an array or a plain object. */
export function isBranch(x: unknown): x is unknown[] | Record<string, unknown> {
  return Array.isArray(x) || isPlainObject(x);
}

/** What `mapLeaves`' and `zipLeaves`' visit returns to look inside a node instead of replacing it. */
export const DESCEND: unique symbol = Symbol('descend');

/**
 * `x` rebuilt through arrays and plain objects, with every node `visit` answers for replaced by
 * its answer. `DESCEND` looks inside arrays (element by element) and plain objects (a matrix's
 * `rows` and `cols` copied, its `data` mapped) and keeps anything else as it is. Visiting
 * decides first, so a node may be replaced whole (a `number[]` lifted as one array, or kept as
 * the same array). Given a root `path`, each node's path is passed to `visit`.
 */
export function mapLeaves(x: unknown, visit: (node: unknown) => unknown): unknown;
export function mapLeaves(
  x: unknown,
  visit: (node: unknown, path: Path) => unknown,
  path: Path,
): unknown;
export function mapLeaves(
  x: unknown,
  visit: (node: unknown, path: Path) => unknown,
  path?: Path,
): unknown {
  const answer = visit(x, path as Path);
  if (answer !== DESCEND) return answer;
  if (Array.isArray(x)) {
    return path === undefined
      ? x.map((e) => mapLeaves(e, visit as (node: unknown) => unknown))
      : x.map((e, i) => mapLeaves(e, visit, [...path, i]));
  }
  if (isPlainObject(x)) {
    return path === undefined
      ? mapFields(x, (v) => mapLeaves(v, visit as (node: unknown) => unknown))
      : mapFields(x, (v, k) => mapLeaves(v, visit, [...path, k]));
  }
  return x;
}

/**
 * `a` rebuilt with every node `visit(a, b, path)` answers for replaced by its answer, where `b`
 * is the node at the same place of a second value of the same structure (a tangent and its
 * primal, a lifted input and the input). `DESCEND` looks inside both together:
 * - arrays: `a` and `b` each a `number[]`, an array or a `Float64Array` of the same length
 *   (a `Float64Array` walked this way gives a plain array of the answers);
 * - plain objects: `a`'s differentiable fields, each with `b`'s field of that key (`undefined`
 *   when `b` lacks it: a tangent may leave out a zero field, and `visit` decides); `b` may hold
 *   no other keys, and two matrices must have the same `rows` and `cols`;
 * - anything else is kept as it is.
 * Where `b` is not shaped like `a` the walk fails with `StructureMismatchError` naming the path.
 * A thunk in `b` (a delayed tangent) is computed when the walk looks inside it. Zeros that stand
 * for a whole subtree (`zeroTangent`) are the callback's to handle, before descending.
 */
export function zipLeaves(
  a: unknown,
  b: unknown,
  visit: (a: unknown, b: unknown, path: Path) => unknown,
  path: Path = [],
): unknown {
  const answer = visit(a, b, path);
  if (answer !== DESCEND) return answer;
  b = unthunk(b);
  if (Array.isArray(a) || a instanceof Float64Array) {
    const n = a.length;
    if (!(Array.isArray(b) || b instanceof Float64Array) || b.length !== n)
      throw mismatch(path, `an array of length ${n}`, b);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = zipLeaves(a[i], b[i], visit, [...path, i]);
    return out;
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) throw mismatch(path, 'a plain object', b);
    if (isMatrixLike(a) && isMatrixLike(b) && (a.rows !== b.rows || a.cols !== b.cols))
      throw mismatch(path, `a ${a.rows}×${a.cols} matrix`, b);
    for (const k of Object.keys(b)) {
      if (!Object.hasOwn(a, k))
        throw mismatch(path, `an object with the keys ${Object.keys(a).join(', ')}`, b, k);
    }
    const fields: Record<string, unknown> = b;
    return mapFields(a, (v, k) => zipLeaves(v, fields[k], visit, [...path, k]));
  }
  return a;
}

function mismatch(
  path: Path,
  expected: string,
  got: unknown,
  key?: string,
): StructureMismatchError {
  const where = path.length === 0 ? 'at the root' : `at ${pathString(path)}`;
  const what =
    key !== undefined
      ? `an object with the key ${JSON.stringify(key)}`
      : isMatrixLike(got)
        ? `a ${got.rows}×${got.cols} matrix`
        : got instanceof Float64Array
          ? `a Float64Array of length ${got.length}`
          : describe(got);
  return new StructureMismatchError(
    path,
    `Two values walked together differ ${where}: expected ${expected}, got ${what}.`,
  );
}

/** True when `x` holds an active value in itself, its arrays or its plain objects. */
export function holdsActive(x: unknown): boolean {
  // The leaves every prepared call checks, answered without the walk.
  if (typeof x === 'number' || x instanceof Float64Array) return false;
  return someNode(x, activeNode);
}

const activeNode = (node: unknown): boolean | undefined => (isActive(node) ? true : undefined);

/**
 * `holdsActive` for the checks a prepared call makes on every call: a `number[]` is looked at in
 * a loop of its own, since the generic walk loads each element as an object and passes it on,
 * which boxes each double (16 bytes per element per call).
 */
export function holdsActiveQuickly(x: unknown): boolean {
  if (!Array.isArray(x)) return holdsActive(x);
  for (let i = 0; i < x.length; i++) {
    const e: unknown = x[i];
    if (typeof e !== 'number' && holdsActive(e)) return true;
  }
  return false;
}
