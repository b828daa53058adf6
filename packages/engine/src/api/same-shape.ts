import { isAbstractZero, isActive, unthunk } from '@pullback/rules-core';
import { ShapeMismatchError } from '@pullback/rules-core/math';
import { describe } from '../tree/describe.js';
import { isPlainObject } from '../tree/leaves.js';
import { primalDeep } from '../tree/primal-deep.js';
import { describeStructure, structureOf, type Structure } from '../tree/structure.js';

/** Same leaves in the same places; a `number[]` and a `Float64Array` of one length are alike. */
function alike(a: Structure, b: Structure): boolean {
  if (
    (a.kind === 'numbers' || a.kind === 'float64') &&
    (b.kind === 'numbers' || b.kind === 'float64')
  )
    return a.length === b.length;
  switch (a.kind) {
    case 'number':
      return b.kind === 'number';
    case 'tuple':
      return (
        b.kind === 'tuple' &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => alike(item, b.items[i]))
      );
    case 'record':
      return (
        b.kind === 'record' &&
        a.keys.length === b.keys.length &&
        a.keys.every((k, i) => k === b.keys[i] && alike(a.items[i], b.items[i]))
      );
    default:
      return false;
  }
}

/**
 * Checks that a tangent or a direction `t` lives in the space of `x`: one entry per scalar of
 * `x`, in the same arrangement. Without it a short tangent reaches the vocabulary as
 * `undefined` entries and a long one is silently cut.
 */
export function requireShapeOfInput(op: string, name: string, t: unknown, x: unknown): void {
  const s = structureOf(t, name, op);
  const xs = structureOf(x);
  if (!alike(s, xs)) {
    throw new ShapeMismatchError(
      `${op}: ${name} has the shape ${describeStructure(s)}, but x is ${describeStructure(xs)}; ` +
        `pass ${name} with one entry per scalar of x, arranged as x is.`,
    );
  }
}

/**
 * Checks that the cotangent `dy` of a pullback lives in the space of `f(x)` (the value `y`):
 * without it a long `dy` is silently cut, a short one gives NaN and `undefined` zeros. Zero
 * tangents (`zeroTangent`, `noTangent`) fit anywhere, as in ChainRules.
 */
export function requireCotangentShape(op: string, dy: unknown, y: unknown): void {
  const ys = structureOf(primalDeep(y), 'f(x)', op);
  if (dy !== undefined && fits(dy, ys)) return;
  let shape: string;
  try {
    shape = `has the shape ${describeStructure(structureOf(dy, 'dy'))}`;
  } catch {
    shape = `is ${describe(dy)}`;
  }
  throw new ShapeMismatchError(
    `${op}: dy ${shape}, but f(x) is ${describeStructure(ys)}; pass dy with one entry per ` +
      'scalar of f(x), arranged as f(x) is.',
  );
}

/** True when the cotangent `t` has structure `s` (zero tangents fitting any structure). */
function fits(t: unknown, s: Structure): boolean {
  // Walks a value against a Structure (tree/structure.ts's description of one), not two values.
  const u = unthunk(t);
  if (isAbstractZero(u)) return true;
  switch (s.kind) {
    case 'number':
      return typeof u === 'number' || isActiveScalar(u);
    case 'numbers':
    case 'float64': {
      if (u instanceof Float64Array && ArrayBuffer.isView(u)) return u.length === s.length;
      if (isActive(u)) return 'length' in u && (u as { length: number }).length === s.length;
      if (!Array.isArray(u) || u.length !== s.length) return false;
      for (let i = 0; i < u.length; i++) {
        const e: unknown = u[i];
        if (!(typeof e === 'number' || isActiveScalar(e) || (i in u && isAbstractZero(e))))
          return false;
      }
      return true;
    }
    case 'tuple':
      return (
        Array.isArray(u) &&
        u.length === s.items.length &&
        s.items.every((item, i) => i in u && fits(u[i], item))
      );
    case 'record': {
      if (!isPlainObject(u)) return false;
      const constants = s.constants;
      const keys = Object.keys(u).filter((k) => !(constants !== undefined && k in constants));
      // A matrix's rows and cols, when dy gives them, must be f(x)'s (or a zero tangent).
      const sameConstants =
        constants === undefined ||
        Object.entries(constants).every(
          ([k, v]) => !(k in u) || u[k] === v || isAbstractZero(unthunk(u[k])),
        );
      return (
        sameConstants &&
        keys.length === s.keys.length &&
        s.keys.every((k, i) => k in u && fits(u[k], s.items[i]))
      );
    }
  }
}

function isActiveScalar(v: unknown): boolean {
  return isActive(v) && !('length' in v);
}
