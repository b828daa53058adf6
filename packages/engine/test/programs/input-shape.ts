/** The inputs of random programs: shapes decoded from choices, their leaves, and values. */
import type { InputShape, Path, ProgramFeatures } from './types.js';

/** Reads successive choices, cycling them into ranges; 0 once they run out. */
export class Chooser {
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
export const MAX_INPUTS = 10;

export function decodeShape(
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
