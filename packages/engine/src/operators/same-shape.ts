import { ShapeMismatchError } from '@pullback/rules-core/math';
import { describeStructure, structureOf, type Structure } from '../internal/structure.js';

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
  const s = structureOf(t, name);
  const xs = structureOf(x);
  if (!alike(s, xs)) {
    throw new ShapeMismatchError(
      `${op}: ${name} has the shape ${describeStructure(s)}, but x is ${describeStructure(xs)}; ` +
        `pass ${name} with one entry per scalar of x, arranged as x is.`,
    );
  }
}
