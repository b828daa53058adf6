/** The shapes of random programs (see index.ts): inputs, operands, statements, kernels. */

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

/** The type of scalar values. */
export const SCALAR: Ty = { kind: 'scalar' };
