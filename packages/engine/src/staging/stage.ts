import { ActiveCoercionError, isActive } from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { DESCEND, isBranch, mapLeaves } from '../tree/walk.js';
import { flatten, structureOf, type Structure } from '../tree/structure.js';
import type { OutputLeaf, Program } from './program.js';
import { StagedArray, StagedScalar } from './staged-values.js';
import { NotStaged, StagingTracer } from './tracer.js';
import { checkOutput } from '../interpreters/user-output.js';
import { OutputShapeError } from '../errors.js';

/**
 * Where the numeric leaves of the extra arguments go: arrays are read from the parameter
 * buffer at run time; numbers and everything else are baked into the trace and guarded.
 */
export interface RestLayout {
  /** Total length of the parameter buffer. */
  readonly size: number;
  /** The structure of each extra argument's numeric part, or `undefined` for an opaque one. */
  readonly items: readonly RestItem[];
}

/** How one extra argument was staged. */
export type RestItem =
  /** Numbers inside arrays: data read at run time from the parameter buffer. */
  | { readonly kind: 'data'; readonly structure: Structure; readonly offset: number }
  /** A number, string, boolean, `undefined` or `null`: baked in; another value retraces. */
  | { readonly kind: 'value'; readonly value: unknown }
  /** A function: baked in; another function retraces. */
  | { readonly kind: 'function'; readonly value: unknown };

/** A traced program with what calling it needs. */
export interface Staged {
  readonly program: Program;
  readonly input: Structure;
  readonly rest: RestLayout;
  /** The structure of `f(x)`. */
  readonly output: Structure;
  /** The output at the traced point. */
  readonly value: unknown;
}

/**
 * Traces `f` at `x` (extra arguments `rest`) into a program, or throws `NotStaged` saying why it
 * cannot be staged. Errors `f` throws for other reasons propagate: the eager engine reports them.
 *
 * A comparison consumed by `ifElse` is a select, valid whichever way it goes, but only if
 * nothing else in `f` looked at the boolean (JavaScript control flow on it is invisible to the
 * tracer). So `f` is traced again with those outcomes flipped, all at once and in subsets: when
 * every such trace has the same statements, the comparisons need no guard; otherwise they keep
 * theirs, and the other branch is a retrace.
 */
export function stage(
  f: (x: never, ...rest: never[]) => unknown,
  x: unknown,
  rest: readonly unknown[],
): Staged {
  const first = traceOnce(f, x, rest, new Set());
  const { selected, elementwise, comparisons } = first.tracer;
  const agree = selected.length > 0 && flipsAgree(f, x, rest, first, selected);
  if (elementwise.some((k) => !agree || !selected.includes(k))) {
    throw new NotStaged(
      'f uses the booleans of an elementwise comparison other than through ifElse',
    );
  }
  if (agree)
    for (const k of selected) if (comparisons[k] >= 0) first.tracer.builder.unguard(comparisons[k]);
  return { ...first.partial, program: first.tracer.builder.program(first.outputs) };
}

/** A trace before its program is built. */
interface Trace {
  readonly tracer: StagingTracer;
  readonly outputs: OutputLeaf[];
  readonly partial: Omit<Staged, 'program'>;
}

/** True when flipping the selected comparisons (all, then each or random subsets) traces the same statements. */
function flipsAgree(
  f: (x: never, ...rest: never[]) => unknown,
  x: unknown,
  rest: readonly unknown[],
  first: Trace,
  selected: readonly number[],
): boolean {
  const subsets: number[][] = [[...selected]];
  if (selected.length <= 16) for (const k of selected) subsets.push([k]);
  else {
    // Fixed pseudo-random halves, so a preparation is reproducible.
    let seed = 0x2545f491;
    for (let r = 0; r < 3; r++) {
      subsets.push(
        selected.filter(() => {
          seed ^= seed << 13;
          seed ^= seed >>> 17;
          seed ^= seed << 5;
          return (seed & 1) === 1;
        }),
      );
    }
  }
  const shape = shapeOf(first, new Set(selected));
  for (const subset of subsets) {
    let flipped: Trace;
    try {
      flipped = traceOnce(f, x, rest, new Set(subset));
    } catch {
      return false;
    }
    if (shapeOf(flipped, new Set(selected)) !== shape) return false;
  }
  return true;
}

/** The statements of a trace as text, leaving out the outcomes of the comparisons at `positions`. */
function shapeOf(t: Trace, positions: ReadonlySet<number>): string {
  const ignored = new Set(t.tracer.comparisons.filter((_, k) => positions.has(k)));
  const p = t.tracer.builder.program(t.outputs);
  const text = JSON.stringify([p.body, p.outputs], (key, v: unknown) =>
    key === 'p' ? (v as { name: string }).name : key === 'expected' ? undefined : v,
  );
  const outcomes = p.body
    .map((s) => (s.op === 'cmp' && !ignored.has(s.id) ? (s.expected ? '1' : '0') : ''))
    .join('');
  return `${text}|${outcomes}`;
}

function traceOnce(
  f: (x: never, ...rest: never[]) => unknown,
  x: unknown,
  rest: readonly unknown[],
  flip: ReadonlySet<number>,
): Trace {
  const tracer = new StagingTracer(flip);
  const b = tracer.builder;
  const input = structureOf(x);
  // A Float64Array copied whole (flatten copies element by element, through any array-like).
  const X = b.buffer('input', x instanceof Float64Array ? x.slice() : flatten(x, input));
  const xs = lift(tracer, input, X, 0).value;
  const restItems: RestItem[] = [];
  const restValues: number[] = [];
  const rs = rest.map((r, k) => {
    const item = restItem(r, k, restValues.length);
    restItems.push(item);
    if (item.kind === 'data') {
      const flat = flatten(r, item.structure);
      for (let i = 0; i < flat.length; i++) restValues.push(flat[i]);
    }
    return item;
  });
  const P = b.buffer('param', Float64Array.from(restValues));
  const restArgs = rs.map((item, k) =>
    item.kind === 'data' ? lift(tracer, item.structure, P, item.offset).value : rest[k],
  );
  let y: unknown;
  try {
    y = withInterpreter(tracer, () => {
      const out = f(xs as never, ...(restArgs as never[]));
      // An async f: its rejection is handled, and the eager path reports it as it should.
      checkOutput(out, 'a prepared operator');
      return out;
    });
  } catch (error) {
    if (error instanceof OutputShapeError) throw new NotStaged('f returned a promise');
    if (error instanceof ActiveCoercionError) {
      throw new NotStaged(
        `f cannot carry active values as written (${firstSentence(error.message)}), so it falls back`,
      );
    }
    throw error;
  }
  if (tracer.primalReads > 0) {
    throw new NotStaged(
      'f reads the number of a value being differentiated (primal), so its control flow may depend on it; write branches with ifElse and the comparison functions',
    );
  }
  const outputs: OutputLeaf[] = [];
  const value = collect(tracer, y, outputs);
  return {
    tracer,
    outputs,
    partial: {
      input,
      rest: { size: restValues.length, items: restItems },
      output: structureOf(value, 'f(x)'),
      value,
    },
  };
}

/** Staged values for a structure whose numbers sit in `buffer` from `offset`. */
function lift(
  tracer: StagingTracer,
  s: Structure,
  buffer: number,
  offset: number,
): { value: unknown; next: number } {
  const b = tracer.builder;
  switch (s.kind) {
    case 'number':
      return { value: tracer.scalar(b.load(buffer, offset)), next: offset + 1 };
    case 'numbers': {
      const out = Array.from({ length: s.length }, (_, i) =>
        tracer.scalar(b.load(buffer, offset + i)),
      );
      return { value: out, next: offset + s.length };
    }
    case 'float64':
      return { value: tracer.array({ buffer, offset, length: s.length }), next: offset + s.length };
    case 'tuple': {
      let next = offset;
      const out = s.items.map((item) => {
        const r = lift(tracer, item, buffer, next);
        next = r.next;
        return r.value;
      });
      return { value: out, next };
    }
    case 'record': {
      let next = offset;
      const out: Record<string, unknown> = { ...s.constants };
      s.items.forEach((item, i) => {
        const r = lift(tracer, item, buffer, next);
        next = r.next;
        out[s.keys[i]] = r.value;
      });
      return { value: out, next };
    }
  }
}

function restItem(r: unknown, k: number, offset: number): RestItem {
  if (
    r === null ||
    r === undefined ||
    typeof r === 'number' ||
    typeof r === 'string' ||
    typeof r === 'boolean'
  ) {
    return { kind: 'value', value: r };
  }
  if (typeof r === 'function') return { kind: 'function', value: r };
  if (r instanceof Float64Array || isBranch(r)) {
    let structure: Structure;
    try {
      structure = structureOf(r, `extra argument ${k + 1}`);
    } catch {
      throw new NotStaged(
        `extra argument ${k + 1} holds values the compiler cannot read at run time`,
      );
    }
    if (structure.kind === 'number') return { kind: 'value', value: r };
    return { kind: 'data', structure, offset };
  }
  throw new NotStaged(`extra argument ${k + 1} is an object the compiler cannot see into`);
}

/** The output's leaves (appended to `outputs`) and its value at the traced point. */
function collect(tracer: StagingTracer, y: unknown, outputs: OutputLeaf[]): unknown {
  // A matrix's rows and cols are shape, not output: the walk copies them, only its data is read.
  return mapLeaves(y, (node) => collectLeaf(tracer, node, outputs));
}

function collectLeaf(tracer: StagingTracer, y: unknown, outputs: OutputLeaf[]): unknown {
  const b = tracer.builder;
  if (typeof y === 'number') {
    outputs.push({ kind: 'scalar', id: b.constant(y) });
    return y;
  }
  if (y instanceof StagedScalar && y.owner === tracer) {
    outputs.push({ kind: 'scalar', id: y.id });
    return y.tracedValue;
  }
  if (y instanceof StagedArray && y.owner === tracer) {
    outputs.push({ kind: 'array', ...y.view });
    return y.tracedValues.slice();
  }
  if (y instanceof Float64Array) {
    outputs.push({
      kind: 'array',
      buffer: b.buffer('captured', y.slice(), y.slice()),
      offset: 0,
      length: y.length,
    });
    return y.slice();
  }
  if (isActive(y)) throw new NotStaged('f returned a value of another differentiation');
  if (isBranch(y)) return DESCEND;
  throw new NotStaged('f returned something other than numbers and arrays of numbers');
}

function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end < 0 ? message : message.slice(0, end);
}
