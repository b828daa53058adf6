import {
  isAbstractZero,
  isActive,
  noTangent,
  unthunk,
  zeroTangent,
  type Real,
} from '@pullback/rules-core';
import { ForwardInterpreter } from '../interpreters/forward.js';
import { DESCEND, isBranch, mapLeaves, zipLeaves } from '../tree/walk.js';
import { Dual, DualArray } from './dual.js';
import { ReverseInterpreter } from '../interpreters/reverse.js';
import { adjointAt, adjointRange, type Adjoints } from '../tapes/adjoints.js';
import { TrackedArray, TrackedScalar } from './tracked.js';
import { allNumbers, elementOf, tangentAt } from '../tree/leaves.js';

/**
 * Turning inputs into active values at the start of a pass, and reading derivatives back in
 * the inputs' own structure at the end. Leaves may be numbers or active values of an outer
 * level (an operator called inside another differentiation); anything else passes through as
 * a constant.
 */

const isScalarLeaf = (x: unknown): boolean =>
  typeof x === 'number' || (isActive(x) && !('length' in x));
const isArrayLeaf = (x: unknown): boolean =>
  x instanceof Float64Array ||
  (isActive(x) && 'length' in x) ||
  (Array.isArray(x) && x.length > 0 && x.every(isScalarLeaf)) ||
  (Array.isArray(x) && x.length === 0);

/**
 * The input `x` as tracked values of `interp`. A `Float64Array` is copied: rules receive the
 * values of their arguments, and a rule that writes into them (it should not) must not reach
 * the caller's array. Active arrays of an outer level are values, never written in place.
 */
export function liftReverse(interp: ReverseInterpreter, x: unknown): unknown {
  return mapLeaves(x, (node) => {
    if (isScalarLeaf(node)) return interp.input(node as Real);
    if (node instanceof Float64Array) return interp.inputArray(node.slice());
    if (isActive(node) && 'length' in node) return interp.inputArray(node as never);
    if (Array.isArray(node) && isArrayLeaf(node)) {
      // Consecutive ids let whole-array operations treat the elements as one dense array.
      const base = interp.tape.allocate(node.length);
      return node.map((v, i) => new TrackedScalar(interp, v as Real, base + i));
    }
    return DESCEND;
  });
}

/** The adjoints of a lifted input, in the input's structure and kinds. */
export function readAdjoint(
  interp: ReverseInterpreter,
  lifted: unknown,
  original: unknown,
  adj: Adjoints,
): unknown {
  // `liftReverse` makes every Float64Array one TrackedArray, so no array of tracked scalars
  // stands for a Float64Array here.
  return zipLeaves(lifted, original, (node, like) => {
    if (node instanceof TrackedScalar && node.owner === interp) return adjointAt(adj, node.id);
    if (node instanceof TrackedArray && node.owner === interp) {
      const g = adjointRange(adj, node.id, node.length);
      return Array.isArray(g) && allNumbers(g) ? Float64Array.from(g as number[]) : g;
    }
    if (isBranch(node)) return DESCEND;
    return typeof like === 'number' ? 0 : noTangent;
  });
}

/**
 * The input `x` as dual values of `interp`, lane `j` carrying `tangents[j]`. The values and
 * tangents of arrays are copies, so a rule writing into what it receives cannot reach the
 * caller's `x` or tangents.
 */
export function liftForward(
  interp: ForwardInterpreter,
  x: unknown,
  tangents: readonly unknown[],
): unknown {
  return mapLeaves(
    x,
    (node, path) => {
      if (isScalarLeaf(node)) {
        const ts = tangents.map((t) => tangentAt(t, path));
        return new Dual(
          interp,
          node as Real,
          ts.map((t) => (isZero(t) ? 0 : (t as Real))),
        );
      }
      if (node instanceof Float64Array || (isActive(node) && 'length' in node)) {
        const n = (node as { length: number }).length;
        return new DualArray(
          interp,
          node instanceof Float64Array ? node.slice() : (node as never),
          tangents.map((t) => denseLane(tangentAt(t, path), n)),
        );
      }
      if (Array.isArray(node) && isArrayLeaf(node)) {
        const ts = tangents.map((t) => tangentAt(t, path));
        return node.map(
          (v, i) =>
            new Dual(
              interp,
              v as Real,
              ts.map((t) => (isZero(t) ? 0 : elementOf(t, i))),
            ),
        );
      }
      return DESCEND;
    },
    [],
  );
}

function isZero(t: unknown): boolean {
  return t === undefined || isAbstractZero(t);
}

/** Lane `t` of an array input as an array of its own (never the caller's). */
function denseLane(t: unknown, n: number): Float64Array | readonly Real[] {
  if (isZero(t)) return new Float64Array(n);
  if (t instanceof Float64Array) return t.slice();
  if (Array.isArray(t)) return allNumbers(t) ? Float64Array.from(t as number[]) : t.slice();
  return Array.from({ length: n }, (_, i) => elementOf(t, i));
}

/**
 * Lane `j` of an output's tangent as plain values shaped like `like` (the output's primal):
 * zeros where the output did not depend on the input.
 */
export function readTangent(
  interp: ForwardInterpreter,
  y: unknown,
  like: unknown,
  j: number,
): unknown {
  return densify(interp.tangentLane(y, j), like);
}

/** Replaces structural zeros by zeros shaped like `like`. */
export function densify(t: unknown, like: unknown): unknown {
  return zipLeaves(like, t, densifyNode);
}

function densifyNode(like: unknown, t: unknown): unknown {
  const u = unthunk(t);
  if (typeof like === 'number' || (isActive(like) && !('length' in like)))
    return isZero(u) || isAbstractZero(u) ? 0 : u;
  if (like instanceof Float64Array) {
    if (isZero(u)) return new Float64Array(like.length);
    if (u instanceof Float64Array) return u;
    return Array.isArray(u) && allNumbers(u) ? Float64Array.from(u as number[]) : u;
  }
  if (Array.isArray(like) && like.every((e) => typeof e === 'number')) {
    if (isZero(u)) return like.map(() => 0);
    return Array.from({ length: like.length }, (_, i) => elementOf(u, i));
  }
  // A zero standing for a whole part: zeros in its shape.
  if (isBranch(like)) return isZero(u) ? mapLeaves(like, zerosNode) : DESCEND;
  return u;
}

function zerosNode(like: unknown): unknown {
  return isBranch(like) ? DESCEND : densifyNode(like, zeroTangent);
}

export { ForwardInterpreter, ReverseInterpreter };
