/** Random programs run on the math vocabulary, as the functions the tests differentiate. */
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import * as v from '@pullback/rules-core/math';
import { binaryFunctions, Margins, unaryFunctions } from './functions.js';
import {
  SCALAR,
  type Comparison,
  type Kernel,
  type KernelOperand,
  type Operand,
  type Path,
  type Program,
  type Statement,
} from './types.js';

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
