/**
 * What the plugin knows about pullback's public names (see DESIGN.md). Only imports from a
 * module under `@pullback/` are recognised, so a local function that happens to be called
 * `gradient` or `add` is never mistaken for pullback's.
 */

/** Any import from a module whose specifier starts with this belongs to pullback. */
export const PULLBACK_SCOPE = '@pullback/';

/** The module the rule protocol, `primal` and the `Real` types come from. */
export const CORE_MODULE = '@pullback/rules-core';

/** The module of the generic math vocabulary. */
export const MATH_MODULE = '@pullback/rules-core/math';

/** How an entry point makes its function argument differentiable code. */
export type EntryKind = 'operator' | 'differentiable' | 'differentiateWith' | 'scalarRule';

const OPERATOR_NAMES = [
  'pushforward',
  'pullback',
  'derivative',
  'gradient',
  'jacobian',
  'secondDerivative',
  'hvp',
  'hessian',
  'valueAndPushforward',
  'valueAndPullback',
  'valueAndDerivative',
  'valueAndGradient',
  'valueAndJacobian',
  'valueDerivativeAndSecondDerivative',
  'gradientAndHvp',
  'valueGradientAndHessian',
  'prepareGradient',
  'prepareDerivative',
  'prepareJacobian',
  'prepareHessian',
  'prepareHvp',
  'preparePushforward',
  'preparePullback',
  'prepareSecondDerivative',
] as const;

/**
 * Every pullback function whose function argument becomes differentiable code; the engine's
 * operators are called `op(f, backend, x, ...constants)`.
 */
export const ENTRY_POINTS: ReadonlyMap<string, EntryKind> = new Map<string, EntryKind>([
  ...OPERATOR_NAMES.map((name) => [name, 'operator'] as const),
  ['differentiable', 'differentiable'],
  ['differentiateWith', 'differentiateWith'],
  ['scalarRule', 'scalarRule'],
]);

/** Pullback functions whose result carries no derivative, whatever their arguments. */
export const INACTIVE_RESULTS: ReadonlySet<string> = new Set([
  'primal',
  'stopGradient',
  'nonDifferentiable',
  'isActive',
  'isRealArray',
  'isDifferentiable',
  'isNoTangent',
  'isZeroTangent',
  'isAbstractZero',
  'isThunk',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'ne',
]);

/** Pullback functions whose arguments are not differentiable code even when they are functions. */
export const OPAQUE_FUNCTION_ARGUMENTS: ReadonlySet<string> = new Set(['nonDifferentiable']);

/** Argument positions that hold integer indices, not values (`at(x, i)`, `slice(x, a, b)`). */
export const INDEX_ARGUMENTS: ReadonlyMap<string, readonly number[]> = new Map([
  ['at', [1]],
  ['setAt', [1]],
  ['slice', [1, 2]],
]);

/** Vocabulary functions that allocate storage shaped like their argument. */
export const GENERIC_ALLOCATORS: ReadonlySet<string> = new Set(['similar', 'zerosLike']);

/** Vocabulary functions whose first argument is a kernel applied to the later arguments. */
export const KERNEL_MAPPERS: ReadonlySet<string> = new Set(['map', 'map2']);

/** Functions whose derivative is zero almost everywhere. */
export const PIECEWISE_CONSTANT: ReadonlySet<string> = new Set([
  'floor',
  'ceil',
  'round',
  'trunc',
  'sign',
]);

/** `Math.*` functions with a counterpart of the same name in the math vocabulary. */
export const MATH_VOCABULARY: ReadonlyMap<string, number> = new Map([
  ['sin', 1],
  ['cos', 1],
  ['tan', 1],
  ['asin', 1],
  ['acos', 1],
  ['atan', 1],
  ['atan2', 2],
  ['sinh', 1],
  ['cosh', 1],
  ['tanh', 1],
  ['exp', 1],
  ['expm1', 1],
  ['log', 1],
  ['log1p', 1],
  ['sqrt', 1],
  ['cbrt', 1],
  ['abs', 1],
  ['pow', 2],
  ['hypot', 2],
  ['min', 2],
  ['max', 2],
  ['floor', 1],
  ['ceil', 1],
  ['round', 1],
  ['sign', 1],
]);

/** Arithmetic operators and the vocabulary function that replaces each. */
export const ARITHMETIC_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['+', 'add'],
  ['-', 'sub'],
  ['*', 'mul'],
  ['/', 'div'],
  ['**', 'pow'],
]);

/** Type names from rules-core that mark a value as possibly active. */
export const REAL_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Real',
  'RealArray',
  'Active',
  'ActiveArray',
]);
