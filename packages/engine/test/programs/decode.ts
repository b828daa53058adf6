/**
 * Random programs decoded from a list of choices (so fast-check shrinks a program by dropping
 * and lowering choices), and the fast-check arbitrary of programs with two points each.
 */
import { fc } from '@fast-check/vitest';
import { binaryFunctions, unaryFunctions } from './functions.js';
import {
  buildInput,
  Chooser,
  decodeShape,
  leavesOf,
  MAX_INPUTS,
  sizeOfShape,
} from './input-shape.js';
import {
  allFeatures,
  type Comparison,
  type InputShape,
  type Kernel,
  type KernelOperand,
  type KernelStatement,
  type Operand,
  type Path,
  type Program,
  type ProgramCase,
  type ProgramFeatures,
  type Reduction,
  type Statement,
  type Ty,
  SCALAR,
} from './types.js';

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
      : decodeStatement(c, operands, features);
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
): { statement: Statement; ty: Ty } {
  const scalars = operands.filter((o) => o.ty.kind === 'scalar');
  const vectors = operands.filter((o) => o.ty.kind === 'vector');
  const matrices = features.matrices ? operands.filter((o) => o.ty.kind === 'matrix') : [];
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
      return decodeMatrixStatement(c, vectors, matrices) ?? fallback();
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
