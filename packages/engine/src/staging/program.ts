import type { DifferentiableRecord } from '@pullback/rules-core/interpreter';
import type { Primitive } from '../primitives/primitives.js';

/**
 * The staged program: what tracing `f` once leaves, and what every generator (value, reverse,
 * forward, forward over reverse) and the interpreter read. It is SSA over scalars: every value
 * is one number with an id, defined once. Arrays live in buffers and are read and written
 * element by element, inside loops whose indices are affine in the loop counters. Whole-array
 * operations, `map` kernels, reductions and re-rolled scalar loops all become the same thing,
 * a loop over a scalar body, so there is one kind of code to generate and to differentiate.
 */

/** `base + Σ stride · counter(loop)`: where a load or store reads or writes in its buffer. */
export interface Affine {
  readonly base: number;
  /** `[loop, stride]` pairs, one per enclosing loop the index moves with. */
  readonly terms: readonly (readonly [number, number])[];
}

/** How the program reaches a buffer. */
export type BufferKind =
  /** The flattened input `x`: every leaf of `x`, in `flatten` order. */
  | 'input'
  /** The flattened numeric leaves of the extra arguments, read at run time. */
  | 'param'
  /** An array the program computes, allocated once per compiled program. */
  | 'temp'
  /** A `Float64Array` the traced function closed over, read at run time by reference. */
  | 'captured';

/** One buffer of the program. */
export interface BufferInfo {
  readonly kind: BufferKind;
  readonly length: number;
  /** For `captured`: the array itself (read through the constants table, never printed). */
  readonly array?: Float64Array | readonly number[];
}

/** The comparisons a program may branch on. */
export type Comparison = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/** One statement. Statements with `id` define that SSA value. */
export type Statement =
  | { readonly op: 'const'; readonly id: number; readonly value: number }
  | { readonly op: 'load'; readonly id: number; readonly buffer: number; readonly index: Affine }
  | {
      readonly op: 'prim';
      readonly id: number;
      readonly p: Primitive;
      readonly args: readonly number[];
    }
  | {
      /** A scalar rule (a function with `partials`), called on numbers at run time. */
      readonly op: 'rule';
      readonly id: number;
      readonly rule: number;
      readonly args: readonly number[];
    }
  | {
      readonly op: 'store';
      readonly buffer: number;
      readonly index: Affine;
      readonly value: number;
    }
  | {
      /**
       * A comparison whose outcome the trace depended on. When `guard` is set the program is
       * only valid while the outcome stays `expected`; otherwise it only feeds `select`s.
       */
      readonly op: 'cmp';
      readonly id: number;
      readonly cmp: Comparison;
      readonly args: readonly [number, number];
      readonly guard: boolean;
      readonly expected: boolean;
    }
  | {
      readonly op: 'select';
      readonly id: number;
      readonly cond: number;
      readonly args: readonly [number, number];
    }
  | Call
  | Loop;

/** An argument of a rule call: a scalar, part of a buffer, a matrix over part of one, or an opaque constant. */
export type CallArgument =
  | { readonly kind: 'scalar'; readonly id: number }
  | {
      readonly kind: 'array';
      readonly buffer: number;
      readonly offset: number;
      readonly length: number;
    }
  | {
      readonly kind: 'matrix';
      readonly rows: number;
      readonly cols: number;
      readonly buffer: number;
      readonly offset: number;
      readonly length: number;
    }
  /** Passed as it is (an index, a flag, a function): `program.opaque[k]`. */
  | { readonly kind: 'opaque'; readonly k: number };

/** What a rule call returns: one scalar, or a fresh buffer (an array, or a matrix's data). */
export type CallResult =
  | { readonly kind: 'scalar'; readonly id: number }
  | { readonly kind: 'array'; readonly buffer: number; readonly length: number }
  | {
      readonly kind: 'matrix';
      readonly rows: number;
      readonly cols: number;
      readonly buffer: number;
      readonly length: number;
    };

/**
 * A call of a function with rules (a user's rrule or frule, or a vocabulary function the
 * compiler does not open up): the generated code calls the rule, and keeps its pullback for the
 * reverse sweep. Calls stay at the top level of the program.
 */
export interface Call {
  readonly op: 'call';
  /** Index into `program.calls`. */
  readonly call: number;
  readonly args: readonly CallArgument[];
  readonly result: CallResult;
}

/** A value carried from one iteration of a loop to the next. */
export interface Carried {
  /** Its value at the start of an iteration (defined by the loop, visible in the body). */
  readonly phi: number;
  /**
   * Its value before the first iteration (defined outside the loop), or -1 for a value only
   * carried out of the loop (its last iteration's), which no iteration reads before setting.
   */
  readonly init: number;
  /** Its value at the end of an iteration (defined in the body). */
  readonly next: number;
  /** Its value after the last iteration (defined by the loop, visible after it). */
  readonly out: number;
}

/** `for (counter = 0; counter < count; counter++) body`, with carried values. */
export interface Loop {
  readonly op: 'loop';
  /** The loop's number, which affine indices name. */
  readonly loop: number;
  readonly count: number;
  readonly body: readonly Statement[];
  readonly carried: readonly Carried[];
}

/** Where an output leaf lives: one scalar, or `length` consecutive elements of a buffer. */
export type OutputLeaf =
  | { readonly kind: 'scalar'; readonly id: number }
  | {
      readonly kind: 'array';
      readonly buffer: number;
      readonly offset: number;
      readonly length: number;
    };

/** A staged program, with the values every SSA id took at the point it was traced. */
export interface Program {
  readonly body: readonly Statement[];
  readonly buffers: readonly BufferInfo[];
  /** The scalar rules that `rule` statements call. */
  readonly rules: readonly DifferentiableRecord[];
  /** The functions that `call` statements call. */
  readonly calls: readonly DifferentiableRecord[];
  /** Values passed by reference to calls (indices, flags, functions). */
  readonly opaque: readonly unknown[];
  /** The output's leaves in `flatten` order of the output's structure. */
  readonly outputs: readonly OutputLeaf[];
  /** Number of SSA ids and of loops (ids and loop numbers are below these). */
  readonly ids: number;
  readonly loops: number;
}

/** The ids a statement reads. */
export function operands(s: Statement): readonly number[] {
  switch (s.op) {
    case 'prim':
    case 'rule':
    case 'cmp':
      return s.args;
    case 'select':
      return [s.cond, ...s.args];
    case 'store':
      return [s.value];
    case 'call':
      return s.args.flatMap((a) => (a.kind === 'scalar' ? [a.id] : []));
    default:
      return [];
  }
}

/** The id a statement defines, or -1. */
export function defined(s: Statement): number {
  if (s.op === 'call') return s.result.kind === 'scalar' ? s.result.id : -1;
  return s.op === 'store' || s.op === 'loop' ? -1 : s.id;
}

/** The buffers a call reads. */
export function callBuffers(s: Call): readonly number[] {
  return s.args.flatMap((a) => (a.kind === 'array' || a.kind === 'matrix' ? [a.buffer] : []));
}

/** The buffers a program reads or writes. */
export function usedBuffers(p: Program): Set<number> {
  const used = new Set<number>();
  for (const leaf of p.outputs) if (leaf.kind === 'array') used.add(leaf.buffer);
  walk(p.body, (s) => {
    if (s.op === 'load' || s.op === 'store') used.add(s.buffer);
    if (s.op === 'call') {
      callBuffers(s).forEach((b) => used.add(b));
      if (s.result.kind !== 'scalar') used.add(s.result.buffer);
    }
  });
  return used;
}

/** Calls `visit` on every statement, loops' bodies included, in program order. */
export function walk(body: readonly Statement[], visit: (s: Statement) => void): void {
  for (const s of body) {
    visit(s);
    if (s.op === 'loop') walk(s.body, visit);
  }
}
