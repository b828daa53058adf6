/**
 * Random differentiable programs for differential tests: a fast-check arbitrary of small
 * programs over the math vocabulary (scalar and elementwise functions, `at`/`slice`/`concat`,
 * `setAt` into local storage, `map`/`map2`, `ifElse` with comparisons, reductions, small matrix
 * operations), on structured inputs (numbers, `number[]`, `Float64Array`, matrices, nested plain
 * objects and arrays), with in-place writes into `number[]` inputs (`setAt` and `x[i] = …`).
 *
 * A program is straight-line code (one operation per statement, in SSA form), kept printable so
 * a counterexample reads as code. It is decoded from a list of choices, so fast-check shrinks it
 * by dropping and lowering choices. Its functions stay smooth and bounded where they are used
 * (`div(a, 2 + b²)`, `log(1.5 + a²)`, `exp(tanh(a))`, …), and every kink or branch (comparisons,
 * `max`, `min`, `abs`, `norm`) records how far the point is from it (`Margins`), so tests of
 * finite differences can skip points where a stencil would straddle one. Features can be
 * switched off by name (`ProgramFeatures`) while a bug they expose is open.
 */
import { fc } from '@fast-check/vitest';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import * as v from '@pullback/rules-core/math';
import { binaryFunctions, Margins, unaryFunctions } from './random-program-functions.js';

/** What a value of a program is. */
export type Ty =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'vector'; readonly n: number }
  | { readonly kind: 'matrix'; readonly rows: number; readonly cols: number };

/** Where an input leaf sits in `x`. */
export type Path = readonly (string | number)[];

/** The shape of an input: the leaves' kinds and sizes, nested in objects and arrays. */
export type InputShape =
  | { readonly kind: 'number' }
  | { readonly kind: 'numbers'; readonly n: number }
  | { readonly kind: 'float64'; readonly n: number }
  | { readonly kind: 'matrix'; readonly rows: number; readonly cols: number }
  | { readonly kind: 'object'; readonly fields: readonly (readonly [string, InputShape])[] }
  | { readonly kind: 'tuple'; readonly items: readonly InputShape[] };

/** An operand: an input leaf (read when used, so it sees in-place writes), or an earlier statement. */
export type Operand =
  | { readonly kind: 'input'; readonly path: Path; readonly ty: Ty }
  | { readonly kind: 'var'; readonly k: number; readonly ty: Ty };

/** A kernel of `map`/`map2`: statements over its arguments, numbers, and one captured scalar. */
export interface Kernel {
  readonly arity: 1 | 2;
  readonly body: readonly KernelStatement[];
  /** An outer statement whose value the kernel closes over (a value being differentiated). */
  readonly captured: number | undefined;
}

/** A kernel statement; operands are `a<k>` (arguments), `t<k>` (earlier steps), `c` (captured) or numbers. */
export type KernelOperand =
  { readonly arg: number } | { readonly step: number } | 'captured' | number;
export type KernelStatement =
  | { readonly op: 'unary'; readonly fn: string; readonly a: KernelOperand }
  | {
      readonly op: 'binary';
      readonly fn: string;
      readonly a: KernelOperand;
      readonly b: KernelOperand;
    }
  | {
      readonly op: 'select';
      readonly cmp: Comparison;
      readonly l: KernelOperand;
      readonly r: KernelOperand;
      readonly a: KernelOperand;
      readonly b: KernelOperand;
    };

export type Comparison = 'lt' | 'le' | 'gt' | 'ge';

/** One statement of a program. */
export type Statement =
  | { readonly op: 'unary'; readonly fn: string; readonly a: Operand }
  | { readonly op: 'binary'; readonly fn: string; readonly a: Operand; readonly b: Operand }
  | { readonly op: 'at'; readonly a: Operand; readonly i: number }
  | { readonly op: 'slice'; readonly a: Operand; readonly start: number; readonly end: number }
  | { readonly op: 'concat'; readonly a: Operand; readonly b: Operand }
  | { readonly op: 'reduce'; readonly fn: Reduction; readonly a: Operand }
  | { readonly op: 'dot'; readonly a: Operand; readonly b: Operand }
  | { readonly op: 'scan'; readonly fn: 'cumsum' | 'softmax'; readonly a: Operand }
  | { readonly op: 'map'; readonly kernel: Kernel; readonly args: readonly Operand[] }
  | {
      readonly op: 'ifElse';
      readonly cmp: Comparison;
      readonly l: Operand;
      readonly r: Operand;
      readonly a: Operand;
      readonly b: Operand;
    }
  /** `y = similar(a); for i: setAt(y, i, fn(at(a, i), at(a, n - 1 - i)))`: local storage. */
  | { readonly op: 'build'; readonly fn: string; readonly a: Operand }
  | { readonly op: 'reshape'; readonly a: Operand; readonly rows: number; readonly cols: number }
  | { readonly op: 'matvec'; readonly m: Operand; readonly a: Operand }
  | { readonly op: 'matmul'; readonly m: Operand; readonly b: Operand }
  | { readonly op: 'transpose'; readonly m: Operand }
  | { readonly op: 'det'; readonly m: Operand }
  /** `solve(m + 4I, a)`: diagonally dominant, so well conditioned. */
  | { readonly op: 'solve'; readonly m: Operand; readonly a: Operand }
  /** An in-place write into a `number[]` input: `setAt(x…, i, a)` or `x…[i] = a`. */
  | {
      readonly op: 'write';
      readonly path: Path;
      readonly i: number;
      readonly a: Operand;
      readonly style: 'setAt' | 'index';
    };

export type Reduction = 'sum' | 'mean' | 'prod' | 'norm' | 'logsumexp';

/** A program: its input's shape, its statements, and the statements it returns. */
export interface Program {
  readonly input: InputShape;
  readonly statements: readonly Statement[];
  readonly types: readonly Ty[];
  /** What `f` returns: statements' values, or an input read at the end (after its writes). */
  readonly outputs: readonly Operand[];
}

/** Features a test can switch off while a bug they expose is open (name the issue item). */
export interface ProgramFeatures {
  /** In-place writes into `number[]` inputs. */
  readonly inPlaceWrites: boolean;
  /** `map`/`map2` kernels that close over a value being differentiated. */
  readonly capturingKernels: boolean;
  /** Matrix inputs and matrix operations. */
  readonly matrices: boolean;
}

export const allFeatures: ProgramFeatures = {
  inPlaceWrites: true,
  capturingKernels: true,
  matrices: true,
};

/** A program with two points of its input's shape (a second one for prepared reuse). */
export interface ProgramCase {
  readonly program: Program;
  readonly x: unknown;
  readonly x2: unknown;
}

const SCALAR: Ty = { kind: 'scalar' };

/** Reads successive choices, cycling them into ranges; 0 once they run out. */
class Chooser {
  private k = 0;
  constructor(private readonly choices: readonly number[]) {}
  int(n: number): number {
    if (n <= 1 || this.k >= this.choices.length) return 0;
    return this.choices[this.k++] % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  get left(): number {
    return this.choices.length - this.k;
  }
}

/** Inputs of at most about this many scalars keep every backend's run short. */
const MAX_INPUTS = 10;

function decodeShape(
  c: Chooser,
  depth: number,
  features: ProgramFeatures,
  budget: { left: number },
): InputShape {
  const kinds = ['number', 'numbers', 'float64', ...(features.matrices ? ['matrix'] : [])];
  if (depth > 0 && budget.left > 1) kinds.push('object', 'tuple');
  const kind = c.pick(kinds);
  const n = Math.max(1, Math.min(1 + c.int(4), budget.left));
  const leaf = (shape: InputShape, size: number): InputShape => {
    budget.left -= size;
    return shape;
  };
  switch (kind) {
    case 'numbers':
      return leaf({ kind: 'numbers', n }, n);
    case 'float64':
      return leaf({ kind: 'float64', n }, n);
    case 'matrix': {
      const rows = 2 + c.int(2);
      const cols = 2 + c.int(2);
      if (rows * cols > budget.left) return leaf({ kind: 'number' }, 1);
      return leaf({ kind: 'matrix', rows, cols }, rows * cols);
    }
    case 'object':
      return { kind: 'object', fields: decodeFields(c, depth, features, budget) };
    case 'tuple':
      return {
        kind: 'tuple',
        items: Array.from({ length: 2 + c.int(2) }, () =>
          decodeShape(c, depth - 1, features, budget),
        ),
      };
    default:
      return leaf({ kind: 'number' }, 1);
  }
}

function decodeFields(
  c: Chooser,
  depth: number,
  features: ProgramFeatures,
  budget: { left: number },
): (readonly [string, InputShape])[] {
  const names = ['a', 'b', 'c', 'd'];
  return Array.from(
    { length: 1 + c.int(3) },
    (_, i) => [names[i], decodeShape(c, depth - 1, features, budget)] as const,
  );
}

/** The leaves of a shape, with their paths, in flattening order. */
export function leavesOf(
  s: InputShape,
  path: Path = [],
): { readonly path: Path; readonly shape: InputShape }[] {
  if (s.kind === 'object') return s.fields.flatMap(([k, f]) => leavesOf(f, [...path, k]));
  if (s.kind === 'tuple') return s.items.flatMap((f, i) => leavesOf(f, [...path, i]));
  return [{ path, shape: s }];
}

/** Number of scalars in a shape. */
export function sizeOfShape(s: InputShape): number {
  return leavesOf(s).reduce((n, { shape }) => n + scalarsOf(shape), 0);
}

function scalarsOf(s: InputShape): number {
  if (s.kind === 'number') return 1;
  if (s.kind === 'numbers' || s.kind === 'float64') return s.n;
  if (s.kind === 'matrix') return s.rows * s.cols;
  return sizeOfShape(s);
}

/** A value of shape `s` from `values` (consumed in flattening order). */
export function buildInput(s: InputShape, values: number[]): unknown {
  switch (s.kind) {
    case 'number':
      return values.shift() as number;
    case 'numbers':
      return values.splice(0, s.n);
    case 'float64':
      return Float64Array.from(values.splice(0, s.n));
    case 'matrix':
      return {
        rows: s.rows,
        cols: s.cols,
        data: Float64Array.from(values.splice(0, s.rows * s.cols)),
      };
    case 'object':
      return Object.fromEntries(s.fields.map(([k, f]) => [k, buildInput(f, values)]));
    case 'tuple':
      return s.items.map((f) => buildInput(f, values));
  }
}

/** Decodes a program from choices (see the module comment). */
export function decodeProgram(choices: readonly number[], features: ProgramFeatures): Program {
  const c = new Chooser(choices);
  // The top level is never a bare number[] of length 0 or a matrix (x is their container then).
  let input = decodeShape(c, 2, features, { left: MAX_INPUTS });
  if (input.kind === 'matrix') input = { kind: 'object', fields: [['m', input]] };
  // Something besides matrices, for the scalar and elementwise functions.
  if (leavesOf(input).every(({ shape }) => shape.kind === 'matrix')) {
    input = { kind: 'tuple', items: [input, { kind: 'number' }] };
  }
  const operands: Operand[] = [];
  for (const { path, shape } of leavesOf(input)) {
    const ty: Ty =
      shape.kind === 'number'
        ? SCALAR
        : shape.kind === 'matrix'
          ? { kind: 'matrix', rows: shape.rows, cols: shape.cols }
          : { kind: 'vector', n: (shape as { n: number }).n };
    operands.push({ kind: 'input', path, ty });
  }
  const writable = leavesOf(input).filter(({ shape }) => shape.kind === 'numbers');
  const statements: Statement[] = [];
  const types: Ty[] = [];
  const count = 2 + c.int(9);
  for (let s = 0; s < count; s++) {
    const write = writable.length > 0 && features.inPlaceWrites && c.int(3) === 0;
    const made = write
      ? decodeWrite(c, operands, writable)
      : decodeStatement(c, operands, features, statements.length);
    statements.push(made.statement);
    types.push(made.ty);
    if (made.ty !== undefined && made.statement.op !== 'write') {
      operands.push({ kind: 'var', k: statements.length - 1, ty: made.ty });
    }
  }
  // Return what nothing later reads (the last four such values), and an input written in place.
  const read = new Set(
    statements.flatMap(operandsOf).flatMap((o) => (o.kind === 'var' ? [o.k] : [])),
  );
  const sinks = statements.flatMap((s, k) => (s.op === 'write' || read.has(k) ? [] : [k]));
  const outputs: Operand[] = sinks.slice(-4).map((k) => ({ kind: 'var', k, ty: types[k] }));
  const written = statements.find((s) => s.op === 'write');
  if (written?.op === 'write') {
    const n = (leavesOf(input).find((l) => samePath(l.path, written.path))?.shape as { n: number })
      .n;
    outputs.push({ kind: 'input', path: written.path, ty: { kind: 'vector', n } });
  }
  if (outputs.length === 0) outputs.push(operands[operands.length - 1]);
  return { input, statements, types, outputs };
}

const samePath = (a: Path, b: Path): boolean =>
  a.length === b.length && a.every((p, i) => p === b[i]);

/** The operands a statement reads (a kernel's captured value included). */
function operandsOf(s: Statement): Operand[] {
  switch (s.op) {
    case 'binary':
    case 'dot':
    case 'concat':
      return [s.a, s.b];
    case 'map':
      return s.kernel.captured === undefined
        ? [...s.args]
        : [...s.args, { kind: 'var', k: s.kernel.captured, ty: SCALAR }];
    case 'ifElse':
      return [s.l, s.r, s.a, s.b];
    case 'matvec':
    case 'solve':
      return [s.m, s.a];
    case 'matmul':
      return [s.m, s.b];
    case 'transpose':
    case 'det':
      return [s.m];
    default:
      return [s.a];
  }
}

const COMPARISONS: readonly Comparison[] = ['lt', 'le', 'gt', 'ge'];
const REDUCTIONS: readonly Reduction[] = ['sum', 'mean', 'prod', 'norm', 'logsumexp'];

function decodeStatement(
  c: Chooser,
  operands: readonly Operand[],
  features: ProgramFeatures,
  index: number,
): { statement: Statement; ty: Ty } {
  const scalars = operands.filter((o) => o.ty.kind === 'scalar');
  const vectors = operands.filter((o) => o.ty.kind === 'vector');
  const matrices = features.matrices ? operands.filter((o) => o.ty.kind === 'matrix') : [];
  const any = (): Operand => c.pick(operands);
  const lengthOf = (o: Operand): number => (o.ty as { n: number }).n;
  /** An operand that combines elementwise with `a`: same length, or a scalar. */
  const partner = (a: Operand): Operand => {
    const fits = operands.filter(
      (o) =>
        o.ty.kind === 'scalar' ||
        (a.ty.kind === 'vector' && o.ty.kind === 'vector' && lengthOf(o) === lengthOf(a)),
    );
    return fits.length > 0 ? c.pick(fits) : a;
  };
  const elementwiseTy = (a: Operand, b: Operand): Ty => (a.ty.kind === 'vector' ? a.ty : b.ty);
  const fallback = (): { statement: Statement; ty: Ty } => {
    const a = c.pick(operands.filter((o) => o.ty.kind !== 'matrix'));
    return { statement: { op: 'unary', fn: c.pick(unaryNames), a }, ty: a.ty };
  };
  switch (c.int(17)) {
    case 0:
    case 1:
      return fallback();
    case 2:
    case 3: {
      const a = c.pick(operands.filter((o) => o.ty.kind !== 'matrix'));
      const b = partner(a);
      return {
        statement: { op: 'binary', fn: c.pick(binaryNames), a, b },
        ty: elementwiseTy(a, b),
      };
    }
    case 4: {
      if (vectors.length === 0) return fallback();
      const a = c.pick(vectors);
      return { statement: { op: 'at', a, i: c.int(lengthOf(a)) }, ty: SCALAR };
    }
    case 5: {
      if (vectors.length === 0) return fallback();
      const a = c.pick(vectors);
      const n = lengthOf(a);
      const start = c.int(n);
      const end = start + 1 + c.int(n - start);
      return { statement: { op: 'slice', a, start, end }, ty: { kind: 'vector', n: end - start } };
    }
    case 6: {
      const a = c.pick(operands.filter((o) => o.ty.kind !== 'matrix'));
      const b = c.pick(operands.filter((o) => o.ty.kind !== 'matrix'));
      const n = (x: Operand): number => (x.ty.kind === 'scalar' ? 1 : lengthOf(x));
      if (n(a) + n(b) > 8) return fallback();
      return { statement: { op: 'concat', a, b }, ty: { kind: 'vector', n: n(a) + n(b) } };
    }
    case 7: {
      if (vectors.length === 0) return fallback();
      return {
        statement: { op: 'reduce', fn: c.pick(REDUCTIONS), a: c.pick(vectors) },
        ty: SCALAR,
      };
    }
    case 8: {
      if (vectors.length === 0) return fallback();
      const a = c.pick(vectors);
      const bs = vectors.filter((o) => lengthOf(o) === lengthOf(a));
      return { statement: { op: 'dot', a, b: c.pick(bs) }, ty: SCALAR };
    }
    case 9: {
      if (vectors.length === 0) return fallback();
      const a = c.pick(vectors);
      return { statement: { op: 'scan', fn: c.pick(['cumsum', 'softmax'] as const), a }, ty: a.ty };
    }
    case 10:
    case 11: {
      if (vectors.length === 0) return fallback();
      const a = c.pick(vectors);
      const arity = (1 + c.int(2)) as 1 | 2;
      const args = arity === 1 ? [a] : [a, partner(a)];
      const capture = features.capturingKernels && scalars.length > 0 && c.int(3) === 0;
      const captured = capture ? c.pick(scalars) : undefined;
      // A kernel can close over an earlier statement's value only (inputs are not statements).
      const capturedVar = captured?.kind === 'var' ? captured.k : undefined;
      return {
        statement: { op: 'map', kernel: decodeKernel(c, arity, capturedVar), args },
        ty: a.ty,
      };
    }
    case 12: {
      const l = c.pick(operands.filter((o) => o.ty.kind !== 'matrix'));
      const r = partner(l);
      const a = partner(l.ty.kind === 'vector' ? l : r);
      const b = partner(a.ty.kind === 'vector' ? a : l.ty.kind === 'vector' ? l : r);
      const cond = elementwiseTy(l, r);
      const ty = cond.kind === 'vector' ? cond : elementwiseTy(a, b);
      if (
        cond.kind === 'scalar' &&
        (a.ty.kind !== b.ty.kind || (a.ty.kind === 'vector' && lengthOf(a) !== lengthOf(b)))
      ) {
        return fallback();
      }
      if (
        cond.kind === 'vector' &&
        [a, b].some((o) => o.ty.kind === 'vector' && lengthOf(o) !== cond.n)
      ) {
        return fallback();
      }
      return { statement: { op: 'ifElse', cmp: c.pick(COMPARISONS), l, r, a, b }, ty };
    }
    case 13: {
      if (vectors.length === 0) return fallback();
      const a = c.pick(vectors);
      return { statement: { op: 'build', fn: c.pick(binaryNames), a }, ty: a.ty };
    }
    default:
      // Matrix operations (cases 14 to 16), when there are matrices to use.
      return decodeMatrixStatement(c, vectors, matrices, index) ?? fallback();
  }
}

/** An in-place write of a scalar operand (or an element of a vector) into a `number[]` input. */
function decodeWrite(
  c: Chooser,
  operands: readonly Operand[],
  writable: readonly { readonly path: Path; readonly shape: InputShape }[],
): { statement: Statement; ty: Ty } {
  const target = c.pick(writable);
  const n = (target.shape as { n: number }).n;
  const scalars = operands.filter((o) => o.ty.kind === 'scalar');
  const vectors = operands.filter((o) => o.ty.kind === 'vector');
  if (scalars.length === 0) {
    const a = c.pick(vectors);
    return { statement: { op: 'at', a, i: c.int((a.ty as { n: number }).n) }, ty: SCALAR };
  }
  return {
    statement: {
      op: 'write',
      path: target.path,
      i: c.int(n),
      a: c.pick(scalars),
      style: c.int(2) === 0 ? 'setAt' : 'index',
    },
    ty: SCALAR,
  };
}

function decodeMatrixStatement(
  c: Chooser,
  vectors: readonly Operand[],
  matrices: readonly Operand[],
  _index: number,
): { statement: Statement; ty: Ty } | undefined {
  const lengthOf = (o: Operand): number => (o.ty as { n: number }).n;
  const dims = (o: Operand): { rows: number; cols: number } =>
    o.ty as { rows: number; cols: number };
  switch (c.int(6)) {
    case 0: {
      const shaped = vectors.filter((o) => [4, 6, 8, 9].includes(lengthOf(o)));
      if (shaped.length === 0) return undefined;
      const a = c.pick(shaped);
      const n = lengthOf(a);
      const rows = n === 9 ? 3 : n === 4 ? 2 : c.pick(n === 6 ? [2, 3] : [2, 4]);
      return {
        statement: { op: 'reshape', a, rows, cols: n / rows },
        ty: { kind: 'matrix', rows, cols: n / rows },
      };
    }
    case 1: {
      const m = c.pick(matrices);
      if (m === undefined) return undefined;
      const a = vectors.filter((o) => lengthOf(o) === dims(m).cols);
      if (a.length === 0) return undefined;
      return {
        statement: { op: 'matvec', m, a: c.pick(a) },
        ty: { kind: 'vector', n: dims(m).rows },
      };
    }
    case 2: {
      const m = c.pick(matrices);
      if (m === undefined) return undefined;
      const bs = matrices.filter((o) => dims(o).rows === dims(m).cols);
      if (bs.length === 0) return undefined;
      const b = c.pick(bs);
      return {
        statement: { op: 'matmul', m, b },
        ty: { kind: 'matrix', rows: dims(m).rows, cols: dims(b).cols },
      };
    }
    case 3: {
      const m = c.pick(matrices);
      if (m === undefined) return undefined;
      return {
        statement: { op: 'transpose', m },
        ty: { kind: 'matrix', rows: dims(m).cols, cols: dims(m).rows },
      };
    }
    case 4: {
      const m = c.pick(matrices.filter((o) => dims(o).rows === dims(o).cols));
      if (m === undefined) return undefined;
      return { statement: { op: 'det', m }, ty: SCALAR };
    }
    default: {
      const m = c.pick(matrices.filter((o) => dims(o).rows === dims(o).cols));
      if (m === undefined) return undefined;
      const a = vectors.filter((o) => lengthOf(o) === dims(m).rows);
      if (a.length === 0) return undefined;
      return {
        statement: { op: 'solve', m, a: c.pick(a) },
        ty: { kind: 'vector', n: dims(m).rows },
      };
    }
  }
}

const unaryNames = Object.keys(unaryFunctions);
const binaryNames = Object.keys(binaryFunctions);

function decodeKernel(c: Chooser, arity: 1 | 2, captured: number | undefined): Kernel {
  const body: KernelStatement[] = [];
  const operand = (): KernelOperand => {
    const options: KernelOperand[] = [{ arg: 0 }, ...body.map((_, k) => ({ step: k }))];
    if (arity === 2) options.push({ arg: 1 });
    if (captured !== undefined) options.push('captured');
    options.push(0.5 + c.int(5) * 0.25);
    return c.pick(options);
  };
  const steps = 1 + c.int(4);
  for (let s = 0; s < steps; s++) {
    const kind = c.int(5);
    if (kind === 0) {
      body.push({
        op: 'select',
        cmp: c.pick(COMPARISONS),
        l: operand(),
        r: operand(),
        a: operand(),
        b: operand(),
      });
    } else if (kind < 3) {
      body.push({ op: 'unary', fn: c.pick(unaryNames), a: operand() });
    } else {
      body.push({ op: 'binary', fn: c.pick(binaryNames), a: operand(), b: operand() });
    }
  }
  return { arity, body, captured };
}

/** Points whose coordinates stay within [-1.6, 1.6], on a fine irregular grid (ties are rare). */
const coordinate = fc.integer({ min: -1600, max: 1600 }).map((k) => k / 1000 + 0.000_317);

/** Random programs with two points each. */
export function programCases(features: ProgramFeatures = allFeatures): fc.Arbitrary<ProgramCase> {
  return (
    fc
      // Unbiased: fast-check's bias toward small numbers would pick the first option of each choice.
      .array(fc.noBias(fc.nat({ max: 1 << 20 })), { minLength: 20, maxLength: 120 })
      .map((choices) => decodeProgram(choices, features))
      .chain((program) => {
        const n = sizeOfShape(program.input);
        const point = fc.array(coordinate, { minLength: n, maxLength: n });
        return fc.tuple(point, point).map(([a, b]) => ({
          program,
          x: buildInput(program.input, [...a]),
          x2: buildInput(program.input, [...b]),
        }));
      })
  );
}

// --- running a program ----------------------------------------------------------------------

type Value = Real | RealArray | Matrix;

function get(x: unknown, path: Path): unknown {
  let v = x;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

function readOperand(o: Operand, x: unknown, values: readonly Value[]): Value {
  return (o.kind === 'input' ? get(x, o.path) : values[o.k]) as Value;
}

/** The diagonal that makes `solve`'s matrices diagonally dominant. */
function shifted(m: Matrix): Matrix {
  const eye = Float64Array.from({ length: m.rows * m.cols }, (_, k) =>
    k % (m.cols + 1) === 0 ? 4 : 0,
  );
  return { rows: m.rows, cols: m.cols, data: v.add(m.data, eye) as RealArray };
}

/** The program's values, statement by statement; `margins` collects distances to kinks. */
function evaluate(program: Program, x: unknown, margins?: Margins): Value[] {
  const values: Value[] = [];
  const read = (o: Operand): Value => readOperand(o, x, values);
  for (const s of program.statements) values.push(step(s, read, values, margins));
  return values;
}

function compare(cmp: Comparison, l: Value, r: Value, margins?: Margins): boolean | boolean[] {
  margins?.note(l, r);
  return v[cmp](l as Real, r as Real);
}

function step(
  s: Statement,
  read: (o: Operand) => Value,
  values: readonly Value[],
  margins: Margins | undefined,
): Value {
  switch (s.op) {
    case 'unary':
      return unaryFunctions[s.fn](read(s.a) as Real, margins);
    case 'binary':
      return binaryFunctions[s.fn](read(s.a) as Real, read(s.b) as Real, margins);
    case 'at':
      return v.at(read(s.a) as RealArray, s.i);
    case 'slice':
      return v.slice(read(s.a) as RealArray, s.start, s.end);
    case 'concat':
      return v.concat(read(s.a) as RealArray, read(s.b) as RealArray);
    case 'reduce': {
      const a = read(s.a) as RealArray;
      if (s.fn === 'norm') margins?.note(v.norm(a), 0);
      return v[s.fn](a);
    }
    case 'dot':
      return v.dot(read(s.a) as RealArray, read(s.b) as RealArray);
    case 'scan':
      return v[s.fn](read(s.a) as RealArray);
    case 'map': {
      const kernel = kernelFunction(s.kernel, values, margins);
      const args = s.args.map(read);
      return s.kernel.arity === 1
        ? v.map(kernel as (a: Real) => Real, args[0] as RealArray)
        : v.map2(kernel, args[0] as RealArray, args[1] as RealArray);
    }
    case 'ifElse':
      return v.ifElse(
        compare(s.cmp, read(s.l), read(s.r), margins),
        read(s.a) as Real,
        read(s.b) as Real,
      );
    case 'build': {
      const a = read(s.a) as RealArray;
      const y = v.similar(a);
      const n = a.length;
      for (let i = 0; i < n; i++) {
        v.setAt(y, i, binaryFunctions[s.fn](v.at(a, i), v.at(a, n - 1 - i), margins) as Real);
      }
      return y;
    }
    case 'reshape':
      return { rows: s.rows, cols: s.cols, data: read(s.a) as RealArray };
    case 'matvec':
      return v.matvec(read(s.m) as Matrix, read(s.a) as RealArray);
    case 'matmul':
      return v.matmul(read(s.m) as Matrix, read(s.b) as Matrix);
    case 'transpose':
      return v.transpose(read(s.m) as Matrix);
    case 'det':
      return v.det(read(s.m) as Matrix);
    case 'solve':
      return v.solve(shifted(read(s.m) as Matrix), read(s.a) as RealArray);
    case 'write': {
      const target = read({ kind: 'input', path: s.path, ty: SCALAR }) as Real[];
      const a = read(s.a) as Real;
      if (s.style === 'setAt') v.setAt(target, s.i, a);
      else target[s.i] = a;
      return a;
    }
  }
}

function kernelFunction(
  kernel: Kernel,
  values: readonly Value[],
  margins: Margins | undefined,
): (...args: Real[]) => Real {
  return (...args: Real[]): Real => {
    const steps: Real[] = [];
    const read = (o: KernelOperand): Real => {
      if (typeof o === 'number') return o;
      if (o === 'captured') return values[kernel.captured as number] as Real;
      return 'arg' in o ? args[o.arg] : steps[o.step];
    };
    for (const s of kernel.body) {
      if (s.op === 'unary') steps.push(unaryFunctions[s.fn](read(s.a), margins) as Real);
      else if (s.op === 'binary')
        steps.push(binaryFunctions[s.fn](read(s.a), read(s.b), margins) as Real);
      else {
        const cond = compare(s.cmp, read(s.l), read(s.r), margins) as boolean;
        steps.push(v.ifElse(cond, read(s.a), read(s.b)));
      }
    }
    return steps[steps.length - 1];
  };
}

/** What `f` returns: its output statements' values, as an array (or the one value). */
export function jacobianFunction(program: Program): (x: unknown) => unknown {
  return (x) => {
    const values = evaluate(program, x);
    const out = program.outputs.map((o) => {
      const value = readOperand(o, x, values);
      return isMatrix(value) ? value.data : value;
    });
    return out.length === 1 ? out[0] : out;
  };
}

/** A scalar function of the same program: the sum of all its outputs. */
export function scalarFunction(program: Program): (x: unknown) => Real {
  return (x) => {
    const values = evaluate(program, x);
    let s: Real = 0;
    for (const o of program.outputs) {
      const value = readOperand(o, x, values);
      const a = isMatrix(value) ? value.data : value;
      s = v.add(s, typeof a === 'number' || !('length' in a) ? (a as Real) : v.sum(a));
    }
    return s;
  };
}

function isMatrix(x: Value): x is Matrix {
  return typeof x === 'object' && 'rows' in x && 'data' in x;
}

/** The smallest distance of the program at `x` to one of its kinks or branch boundaries. */
export function marginAt(program: Program, x: unknown): number {
  const margins = new Margins();
  evaluate(program, copyInput(x), margins);
  return margins.smallest;
}

/** A deep copy of an input (the engine must never change the caller's). */
export function copyInput<T>(x: T): T {
  if (x instanceof Float64Array) return x.slice() as T;
  if (Array.isArray(x)) return x.map(copyInput) as T;
  if (typeof x === 'object' && x !== null) {
    return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, copyInput(e)])) as T;
  }
  return x;
}

/** The program as TypeScript-like source, for counterexamples. */
export function show(program: Program): string {
  const op = (o: Operand): string =>
    o.kind === 'var'
      ? `t${o.k}`
      : `x${o.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
  const kop = (o: KernelOperand): string =>
    typeof o === 'number'
      ? String(o)
      : o === 'captured'
        ? 'captured'
        : 'arg' in o
          ? `a${o.arg}`
          : `s${o.step}`;
  const lines = program.statements.map((s, k) => {
    const lhs = `const t${k} = `;
    switch (s.op) {
      case 'unary':
        return `${lhs}${s.fn}(${op(s.a)});`;
      case 'binary':
        return `${lhs}${s.fn}(${op(s.a)}, ${op(s.b)});`;
      case 'at':
        return `${lhs}at(${op(s.a)}, ${s.i});`;
      case 'slice':
        return `${lhs}slice(${op(s.a)}, ${s.start}, ${s.end});`;
      case 'concat':
        return `${lhs}concat(${op(s.a)}, ${op(s.b)});`;
      case 'reduce':
        return `${lhs}${s.fn}(${op(s.a)});`;
      case 'dot':
        return `${lhs}dot(${op(s.a)}, ${op(s.b)});`;
      case 'scan':
        return `${lhs}${s.fn}(${op(s.a)});`;
      case 'map': {
        const params = s.kernel.arity === 1 ? 'a0' : 'a0, a1';
        const captured =
          s.kernel.captured === undefined ? '' : ` /* captured = t${s.kernel.captured} */`;
        const body = s.kernel.body
          .map((b, j) =>
            b.op === 'unary'
              ? `s${j} = ${b.fn}(${kop(b.a)})`
              : b.op === 'binary'
                ? `s${j} = ${b.fn}(${kop(b.a)}, ${kop(b.b)})`
                : `s${j} = ifElse(${b.cmp}(${kop(b.l)}, ${kop(b.r)}), ${kop(b.a)}, ${kop(b.b)})`,
          )
          .join('; ');
        const fn = s.kernel.arity === 1 ? 'map' : 'map2';
        return `${lhs}${fn}((${params}) => { ${body}; return s${s.kernel.body.length - 1}; }${captured}, ${s.args.map(op).join(', ')});`;
      }
      case 'ifElse':
        return `${lhs}ifElse(${s.cmp}(${op(s.l)}, ${op(s.r)}), ${op(s.a)}, ${op(s.b)});`;
      case 'build':
        return `${lhs}similar(${op(s.a)}); for (i) setAt(t${k}, i, ${s.fn}(at(${op(s.a)}, i), at(${op(s.a)}, n - 1 - i)));`;
      case 'reshape':
        return `${lhs}{ rows: ${s.rows}, cols: ${s.cols}, data: ${op(s.a)} };`;
      case 'matvec':
        return `${lhs}matvec(${op(s.m)}, ${op(s.a)});`;
      case 'matmul':
        return `${lhs}matmul(${op(s.m)}, ${op(s.b)});`;
      case 'transpose':
        return `${lhs}transpose(${op(s.m)});`;
      case 'det':
        return `${lhs}det(${op(s.m)});`;
      case 'solve':
        return `${lhs}solve(${op(s.m)} + 4I, ${op(s.a)});`;
      case 'write': {
        const target = op({ kind: 'input', path: s.path, ty: SCALAR });
        return s.style === 'setAt'
          ? `setAt(${target}, ${s.i}, ${op(s.a)}); // t${k}`
          : `${target}[${s.i}] = ${op(s.a)}; // t${k}`;
      }
    }
  });
  return [...lines, `return [${program.outputs.map(op).join(', ')}];`].join('\n');
}
