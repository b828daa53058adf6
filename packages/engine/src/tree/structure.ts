import { isActive, type Real } from '@pullback/rules-core';
import {
  allNumbers,
  differentiableKeys,
  elementOf,
  isMatrixLike,
  isPlainObject,
} from './leaves.js';
import { describe } from './describe.js';
import { OutputShapeError, UnsupportedInputError } from '../errors.js';

/**
 * Inputs and outputs of operators are pytrees: numbers, `number[]`, `Float64Array`, and plain
 * objects or arrays nesting them. A `Structure` records the shape so flat vectors can be
 * turned back into the caller's kinds.
 */
export type Structure =
  | { readonly kind: 'number' }
  | { readonly kind: 'numbers'; readonly length: number }
  | { readonly kind: 'float64'; readonly length: number }
  | { readonly kind: 'tuple'; readonly items: readonly Structure[] }
  | {
      readonly kind: 'record';
      readonly keys: readonly string[];
      readonly items: readonly Structure[];
      /** Fields copied unchanged (a matrix's `rows` and `cols`). */
      readonly constants?: Readonly<Record<string, number>>;
    };

/** A pytree of numbers as operators accept it. */
export type Pytree =
  | number
  | readonly number[]
  | Float64Array
  | readonly Pytree[]
  | { readonly [key: string]: Pytree };

const NUMBER: Structure = { kind: 'number' };

/** The objects being walked, outermost first, with their paths: how a cycle is found and named. */
interface Ancestors {
  readonly objects: readonly object[];
  readonly paths: readonly string[];
}

const isActiveScalar = (v: unknown): boolean => isActive(v) && !('length' in v);

/**
 * The structure of `x`, or an error naming the path of the part that cannot be differentiated
 * (`x[1]`, `x.a.b`): `UnsupportedInputError` for inputs, `OutputShapeError` for a function's
 * output (a `path` starting with `f(x)`), prefixed with `operator` when given. Holes, cycles,
 * getters and proxies of typed arrays are refused here, at the entry of every operator, so
 * they never reach the vocabulary.
 */
export function structureOf(x: unknown, path = 'x', operator?: string): Structure {
  return structure(x, path, undefined, operator === undefined ? '' : `${operator}: `);
}

function structure(
  x: unknown,
  path: string,
  ancestors: Ancestors | undefined,
  prefix: string,
): Structure {
  if (typeof x === 'number') return NUMBER;
  if (x instanceof Float64Array) {
    // A Proxy passes `instanceof` but has no typed-array internals: every method would throw.
    if (!ArrayBuffer.isView(x)) {
      throw unsupported(
        prefix,
        path,
        'a Proxy of a Float64Array',
        'pass the Float64Array itself, or a copy made with Float64Array.from(...)',
      );
    }
    return { kind: 'float64', length: x.length };
  }
  // Active leaves appear when an operator is called inside another differentiation.
  if (isActive(x))
    return 'length' in x ? { kind: 'float64', length: (x as { length: number }).length } : NUMBER;
  if (Array.isArray(x)) {
    const n = x.length;
    let i = 0;
    while (i < n && (typeof x[i] === 'number' || isActiveScalar(x[i]))) i++;
    if (i === n) return { kind: 'numbers', length: n };
    const inner = enter(x, path, ancestors, prefix);
    const items = new Array<Structure>(n);
    for (let j = 0; j < n; j++) {
      if (!(j in x)) {
        throw unsupported(
          prefix,
          `${path}[${j}]`,
          'a hole (an empty slot, as in [1, , 3])',
          'fill every element, for instance with 0',
        );
      }
      items[j] = structure(x[j], `${path}[${j}]`, inner, prefix);
    }
    return { kind: 'tuple', items };
  }
  if (isPlainObject(x)) {
    const inner = enter(x, path, ancestors, prefix);
    const keys = differentiableKeys(x);
    const items = keys.map((k) => {
      if (Object.getOwnPropertyDescriptor(x, k)?.get !== undefined) {
        throw unsupported(
          prefix,
          `${path}.${k}`,
          'a getter',
          `store values in the fields instead (a copy { ...${path} } reads each getter once)`,
        );
      }
      return structure(x[k], `${path}.${k}`, inner, prefix);
    });
    if (isMatrixLike(x))
      return { kind: 'record', keys, items, constants: { rows: x.rows, cols: x.cols } };
    return { kind: 'record', keys, items };
  }
  throw unsupported(
    prefix,
    path,
    describe(x),
    ArrayBuffer.isView(x) ? 'convert it with Float64Array.from(...)' : undefined,
  );
}

/** `ancestors` with `x` added, or an error when `x` is already among them (a cycle). */
function enter(
  x: object,
  path: string,
  ancestors: Ancestors | undefined,
  prefix: string,
): Ancestors {
  if (ancestors === undefined) return { objects: [x], paths: [path] };
  const k = ancestors.objects.indexOf(x);
  if (k >= 0) {
    throw unsupported(
      prefix,
      path,
      `the same object as ${ancestors.paths[k]} (a cycle)`,
      'pass a tree: an object may not contain itself',
    );
  }
  return { objects: [...ancestors.objects, x], paths: [...ancestors.paths, path] };
}

/** The error for a part of an input (or of `f`'s output) that cannot be differentiated. */
function unsupported(prefix: string, path: string, what: string, fix?: string): Error {
  if (path.startsWith('f(x)')) {
    return new OutputShapeError(
      `${prefix}${path} is ${what}, which cannot be differentiated. f must return a number, a ` +
        'number[], a Float64Array, or plain objects and arrays of those' +
        (fix === undefined ? '.' : `; ${fix}.`),
    );
  }
  const accepted = /^x\b/.test(path)
    ? 'Operators accept a number, a number[], a Float64Array, or plain objects and arrays of ' +
      'those; pass other values as extra arguments after x (they reach f as constants).'
    : 'A tangent or cotangent is shaped like the value it belongs to: a number, a number[], a ' +
      'Float64Array, or plain objects and arrays of those.';
  return new UnsupportedInputError(
    `${prefix}${path} is ${what}, which cannot be differentiated` +
      (fix === undefined ? '. ' : `: ${fix}. `) +
      accepted,
  );
}

/** Number of scalars in a structure. */
export function sizeOf(s: Structure): number {
  switch (s.kind) {
    case 'number':
      return 1;
    case 'numbers':
    case 'float64':
      return s.length;
    default:
      return s.items.reduce((n, item) => n + sizeOf(item), 0);
  }
}

/** Writes the scalars of `x` (of structure `s`) into `out` from `offset`; returns the next offset. */
export function flattenInto(x: unknown, s: Structure, out: Float64Array, offset: number): number {
  switch (s.kind) {
    case 'number':
      out[offset] = x as number;
      return offset + 1;
    case 'numbers':
    case 'float64': {
      const xs = x as ArrayLike<number>;
      for (let i = 0; i < s.length; i++) out[offset + i] = xs[i];
      return offset + s.length;
    }
    case 'tuple': {
      let o = offset;
      for (let i = 0; i < s.items.length; i++)
        o = flattenInto((x as unknown[])[i], s.items[i], out, o);
      return o;
    }
    case 'record': {
      let o = offset;
      for (let i = 0; i < s.items.length; i++)
        o = flattenInto((x as Record<string, unknown>)[s.keys[i]], s.items[i], out, o);
      return o;
    }
  }
}

/** The scalars of `x` as one vector. */
export function flatten(x: unknown, s: Structure = structureOf(x)): Float64Array {
  const out = new Float64Array(sizeOf(s));
  flattenInto(x, s, out, 0);
  return out;
}

/**
 * Where `build` reads next. A module variable rather than a cursor object per call (which a
 * prepared call would allocate beside its result); `build` runs no user code, so no other
 * `unflatten` starts while one runs.
 */
let cursor = 0;

/** Rebuilds a value of structure `s` from `flat` starting at `offset`. */
export function unflatten(s: Structure, flat: ArrayLike<number>, offset = 0): Pytree {
  cursor = offset;
  return build(s, flat) as Pytree;
}

function build(s: Structure, flat: ArrayLike<number>): unknown {
  switch (s.kind) {
    case 'number':
      return flat[cursor++];
    case 'numbers': {
      const out = new Array<number>(s.length);
      for (let i = 0; i < s.length; i++) out[i] = flat[cursor++];
      return out;
    }
    case 'float64': {
      const out = new Float64Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = flat[cursor++];
      return out;
    }
    case 'tuple': {
      const out = new Array<unknown>(s.items.length);
      for (let i = 0; i < s.items.length; i++) out[i] = build(s.items[i], flat);
      return out;
    }
    case 'record': {
      const out: Record<string, unknown> = { ...s.constants };
      for (let i = 0; i < s.items.length; i++) out[s.keys[i]] = build(s.items[i], flat);
      return out;
    }
  }
}

/** True when two structures are the same shape and kind. */
export function sameStructure(a: Structure, b: Structure): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'number':
      return true;
    case 'numbers':
    case 'float64':
      return a.length === (b as typeof a).length;
    case 'tuple':
      return (
        a.items.length === (b as typeof a).items.length &&
        a.items.every((it, i) => sameStructure(it, (b as typeof a).items[i]))
      );
    case 'record': {
      const r = b as typeof a;
      return (
        a.keys.length === r.keys.length &&
        a.constants?.rows === r.constants?.rows &&
        a.constants?.cols === r.constants?.cols &&
        a.keys.every((k, i) => k === r.keys[i] && sameStructure(a.items[i], r.items[i]))
      );
    }
  }
}

/** A short human description of a structure, for error messages. */
export function describeStructure(s: Structure): string {
  switch (s.kind) {
    case 'number':
      return 'number';
    case 'numbers':
      return `number[${s.length}]`;
    case 'float64':
      return `Float64Array(${s.length})`;
    case 'tuple':
      return `[${s.items.map(describeStructure).join(', ')}]`;
    case 'record':
      if (s.constants !== undefined)
        return `a ${s.constants.rows}×${s.constants.cols} matrix of ${describeStructure(s.items[0])}`;
      return `{ ${s.keys.map((k, i) => `${k}: ${describeStructure(s.items[i])}`).join(', ')} }`;
  }
}

/**
 * The scalars of `x` as one vector that may hold active values (an operator called inside
 * another differentiation): a `Float64Array` when every scalar is a number, else a `Real[]`.
 */
export function flattenReal(x: unknown, s: Structure = structureOf(x)): Float64Array | Real[] {
  const out: Real[] = [];
  const visit = (v: unknown, t: Structure): void => {
    switch (t.kind) {
      case 'number':
        out.push(v as Real);
        return;
      case 'numbers':
      case 'float64':
        for (let i = 0; i < t.length; i++) out.push(elementOf(v, i));
        return;
      case 'tuple':
        t.items.forEach((item, i) => visit((v as unknown[])[i], item));
        return;
      case 'record':
        t.items.forEach((item, i) => visit((v as Record<string, unknown>)[t.keys[i]], item));
    }
  };
  visit(x, s);
  return allNumbers(out) ? Float64Array.from(out as number[]) : out;
}

/** Rebuilds a value of structure `s` from a vector that may hold active values. */
export function unflattenReal(s: Structure, flat: ArrayLike<Real>): unknown {
  if (flat instanceof Float64Array) return unflatten(s, flat);
  let offset = 0;
  const build = (t: Structure): unknown => {
    switch (t.kind) {
      case 'number':
        return flat[offset++];
      case 'numbers':
      case 'float64': {
        const out = Array.from({ length: t.length }, () => flat[offset++]);
        return t.kind === 'float64' && allNumbers(out) ? Float64Array.from(out as number[]) : out;
      }
      case 'tuple':
        return t.items.map(build);
      case 'record': {
        const out: Record<string, unknown> = { ...t.constants };
        t.items.forEach((item, i) => (out[t.keys[i]] = build(item)));
        return out;
      }
    }
  };
  return build(s);
}

/**
 * The path of each scalar of a value of structure `s`, in flattening order: `'mu'`, `'w[2]'`,
 * `'layers[0].bias[3]'`; `''` for a lone number, `'[2]'` for an element of a top-level array.
 * How matrix results label their rows and columns.
 */
export function pathsOf(s: Structure): string[] {
  const out: string[] = [];
  const visit = (t: Structure, path: string): void => {
    switch (t.kind) {
      case 'number':
        out.push(path);
        return;
      case 'numbers':
      case 'float64':
        for (let i = 0; i < t.length; i++) out.push(`${path}[${i}]`);
        return;
      case 'tuple':
        t.items.forEach((item, i) => visit(item, `${path}[${i}]`));
        return;
      case 'record':
        t.items.forEach((item, i) => visit(item, path === '' ? t.keys[i] : `${path}.${t.keys[i]}`));
    }
  };
  visit(s, '');
  return out;
}
