import { BackendOptionError } from '../errors.js';
import type { FallbackOptions } from '../fallback/events.js';
import type { SparseBackend } from './sparse/sparse-backend.js';

/** Options every backend takes besides the fallback ones. */
export interface CompileOptions {
  /**
   * `false`: prepared operators run on the eager engine instead of compiling `f` (by default a
   * preparation traces `f` once and generates code for it; see `prepared.compilation`).
   */
  readonly compile?: boolean;
}

/** Forward mode: dual numbers carrying a chunk of tangents (ForwardDiff). */
export interface ForwardBackend extends FallbackOptions, CompileOptions {
  readonly kind: 'forward';
  /** Tangents carried per pass; by default chosen from the input size (at most 12). */
  readonly chunkSize?: number;
}

/** Reverse mode: a tape swept backwards (Zygote, PyTorch). */
export interface ReverseBackend extends FallbackOptions, CompileOptions {
  readonly kind: 'reverse';
}

/** Central finite differences, with a step chosen from the input's scale. */
export interface FiniteDifferencesBackend extends FallbackOptions, CompileOptions {
  readonly kind: 'finiteDifferences';
  /** Step relative to `max(1, |x|)`; defaults to `cbrt(eps) ≈ 6e-6`. */
  readonly relativeStep?: number;
}

/** Chooses forward or reverse mode from the input and output sizes, and says what it chose. */
export interface AutoBackend extends FallbackOptions, CompileOptions {
  readonly kind: 'auto';
}

/** A backend that computes first derivatives. */
export type FirstOrderBackend =
  ForwardBackend | ReverseBackend | FiniteDifferencesBackend | AutoBackend;

/** Two backends combined for second derivatives: `outer` differentiates what `inner` computes. */
export interface SecondOrderBackend extends FallbackOptions, CompileOptions {
  readonly kind: 'secondOrder';
  /** Differentiates the derivative `inner` computes: `forward()` for Hessian-vector products. */
  readonly outer: FirstOrderBackend;
  /** Computes the first derivative: `reverse()` for gradients of many inputs. */
  readonly inner: FirstOrderBackend;
}

/** Any backend an operator accepts. */
export type Backend = FirstOrderBackend | SecondOrderBackend | SparseBackend;

/** Options every backend takes: its fallback policy and whether prepared operators compile. */
export const COMMON_KEYS = ['fallback', 'onFallback', 'compile'] as const;

/** `a, b or c`, each quoted as code, for messages listing allowed names. */
function listOf(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** `v` as messages show a value that was given where another was expected. */
export function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

/**
 * Checks the options object of backend `made` (as in `reverse`): a plain object whose keys are
 * among `allowed` (a typo is an error, not a silently ignored option), with valid fallback
 * options. Throws `BackendOptionError` naming the option and what is allowed.
 * @internal
 */
export function checkOptions(
  made: string,
  options: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new BackendOptionError(
      made,
      'options',
      `${made}(options): options must be an object such as { fallback: 'error' }, got ${shown(options)}.`,
    );
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new BackendOptionError(
        made,
        key,
        `${made}({ ${key} }): ${made}() has no option '${key}'; its options are ${listOf(allowed)}.`,
      );
    }
  }
  if (o.fallback !== undefined && o.fallback !== 'auto' && o.fallback !== 'error') {
    throw new BackendOptionError(
      made,
      'fallback',
      `${made}({ fallback }): fallback must be 'auto' (fall back and report) or 'error' (throw FallbackError), got ${shown(o.fallback)}.`,
    );
  }
  if (o.compile !== undefined && typeof o.compile !== 'boolean') {
    throw new BackendOptionError(
      made,
      'compile',
      `${made}({ compile }): compile must be true (prepared operators compile f, the default) or false (they run eagerly), got ${shown(o.compile)}.`,
    );
  }
  if (o.onFallback !== undefined && typeof o.onFallback !== 'function') {
    throw new BackendOptionError(
      made,
      'onFallback',
      `${made}({ onFallback }): onFallback must be a function receiving each FallbackEvent, got ${shown(o.onFallback)}.`,
    );
  }
  return o;
}

/** The kinds of first-order backends. */
export const FIRST_ORDER = ['forward', 'reverse', 'finiteDifferences', 'auto'];

/**
 * Checks that `b`, a member of a combined backend (`secondOrder`'s outer and inner, `sparse`'s
 * dense), is a backend of one of `kinds`.
 * @internal
 */
export function checkMember(
  made: string,
  role: string,
  b: unknown,
  kinds: readonly string[],
): void {
  const kind = typeof b === 'object' && b !== null ? (b as { kind?: unknown }).kind : undefined;
  if (typeof kind === 'string' && kinds.includes(kind)) return;
  const known =
    typeof kind === 'string' && [...FIRST_ORDER, 'secondOrder', 'sparse'].includes(kind);
  throw new BackendOptionError(
    made,
    role,
    `${made}: ${role} must be ${listOf(kinds.map((k) => `${k}()`)).replace(/'/g, '')}, got ${known ? backendName(b as Backend) : shown(b)}.`,
  );
}

/**
 * Checks what `sparse(dense, options)` receives: `dense` a backend other than `sparse`, and
 * options of the right kinds (a detector by name, pattern or function; a coloring by options or
 * function). What they mean is the sparsity layer's to check.
 * @internal
 */
export function checkSparseOptions(dense: unknown, options: unknown): void {
  checkMember('sparse(dense)', 'dense', dense, [...FIRST_ORDER, 'secondOrder']);
  const o = checkOptions('sparse', options, ['detector', 'coloring', ...COMMON_KEYS]);
  for (const key of ['detector', 'coloring']) {
    const v = o[key];
    if (v === undefined || typeof v === 'function') continue;
    if (key === 'detector' && typeof v === 'string') continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) continue;
    throw new BackendOptionError(
      'sparse',
      key,
      key === 'detector'
        ? `sparse(dense, { detector }): detector must be 'global', 'local', a sparsity pattern or a function returning one, got ${shown(v)}.`
        : `sparse(dense, { coloring }): coloring must be an options object { partition, algorithm, order } or a function returning one color per column, got ${shown(v)}.`,
    );
  }
}

/** The chunk size ForwardDiff would pick: all inputs up to 12, else evenly split chunks of at most 12. */
export function defaultChunkSize(n: number): number {
  const threshold = 12;
  if (n <= threshold) return Math.max(1, n);
  return Math.ceil(n / Math.ceil(n / threshold));
}

/**
 * The chunk size given to the forward mode that runs `b`'s outermost pass (`forward({ chunkSize
 * })`, or the outer backend of `secondOrder(forward({ chunkSize }), …)`), else `undefined`.
 */
export function givenChunkSize(b: Backend): number | undefined {
  const outer = b.kind === 'secondOrder' ? b.outer : b;
  return outer.kind === 'forward' ? outer.chunkSize : undefined;
}

/** The direction a compiled Jacobian is built in: columns for forward mode, rows otherwise. */
export function compiledDirection(b: Backend): 'forward' | 'reverse' {
  return b.kind === 'forward' ? 'forward' : 'reverse';
}

/**
 * True for a backend that evaluates `f` as written on plain numbers (finite differences): a
 * value being differentiated that `f` closes over is invisible to it.
 */
export function seesNumbersOnly(b: Backend): boolean {
  return b.kind === 'finiteDifferences';
}

/**
 * Why a preparation with `given` (resolved to `resolved`) is not compiled; `undefined` when it
 * is.
 */
export function notCompiledBecause(given: Backend, resolved: Backend): string | undefined {
  if (compileDisabled(given)) return 'compile: false was given';
  if (resolved.kind === 'sparse') return 'sparse backends run their compressed passes eagerly';
  const modes = resolved.kind === 'secondOrder' ? [resolved.outer, resolved.inner] : [resolved];
  if (modes.some((b) => b.kind === 'finiteDifferences')) {
    return 'finiteDifferences() evaluates f as written, with nothing to compile';
  }
  return undefined;
}

/** True when `compile: false` was given to `b` or any backend inside it. */
export function compileDisabled(b: Backend): boolean {
  if (b.compile === false) return true;
  if (b.kind === 'secondOrder') return compileDisabled(b.outer) || compileDisabled(b.inner);
  if (b.kind === 'sparse') return compileDisabled(b.dense);
  return false;
}

/** A short name for messages. */
export function backendName(b: Backend): string {
  switch (b.kind) {
    case 'forward':
      return b.chunkSize === undefined ? 'forward()' : `forward({ chunkSize: ${b.chunkSize} })`;
    case 'secondOrder':
      return `secondOrder(${backendName(b.outer)}, ${backendName(b.inner)})`;
    case 'sparse':
      return `sparse(${backendName(b.dense)})`;
    default:
      return `${b.kind}()`;
  }
}
