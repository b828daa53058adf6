import type { FallbackOptions } from './fallback.js';
import type { SparseBackend } from './sparsity/sparse-backend.js';

/** Forward mode: dual numbers carrying a chunk of tangents (ForwardDiff). */
export interface ForwardBackend extends FallbackOptions {
  readonly kind: 'forward';
  /** Tangents carried per pass; by default chosen from the input size (at most 12). */
  readonly chunkSize?: number;
}

/** Reverse mode: a tape swept backwards (Zygote, PyTorch). */
export interface ReverseBackend extends FallbackOptions {
  readonly kind: 'reverse';
}

/** Central finite differences, with a step chosen from the input's scale. */
export interface FiniteDifferencesBackend extends FallbackOptions {
  readonly kind: 'finiteDifferences';
  /** Step relative to `max(1, |x|)`; defaults to `cbrt(eps) ≈ 6e-6`. */
  readonly relativeStep?: number;
}

/** Chooses forward or reverse mode from the input and output sizes, and says what it chose. */
export interface AutoBackend extends FallbackOptions {
  readonly kind: 'auto';
}

/** A backend that computes first derivatives. */
export type FirstOrderBackend =
  ForwardBackend | ReverseBackend | FiniteDifferencesBackend | AutoBackend;

/** Two backends combined for second derivatives: `outer` differentiates what `inner` computes. */
export interface SecondOrderBackend extends FallbackOptions {
  readonly kind: 'secondOrder';
  /** Differentiates the derivative `inner` computes: `forward()` for Hessian-vector products. */
  readonly outer: FirstOrderBackend;
  /** Computes the first derivative: `reverse()` for gradients of many inputs. */
  readonly inner: FirstOrderBackend;
}

/** Any backend an operator accepts. */
export type Backend = FirstOrderBackend | SecondOrderBackend | SparseBackend;

/** Forward mode with a chunk of `chunkSize` tangents per pass. */
export function forward(options: Omit<ForwardBackend, 'kind'> = {}): ForwardBackend {
  if (
    options.chunkSize !== undefined &&
    !(Number.isInteger(options.chunkSize) && options.chunkSize > 0)
  ) {
    throw new RangeError(
      `forward({ chunkSize }): chunkSize must be a positive integer, got ${String(options.chunkSize)}.`,
    );
  }
  return { ...options, kind: 'forward' };
}

/** Reverse mode on a tape. */
export function reverse(options: Omit<ReverseBackend, 'kind'> = {}): ReverseBackend {
  return { ...options, kind: 'reverse' };
}

/** Central finite differences. */
export function finiteDifferences(
  options: Omit<FiniteDifferencesBackend, 'kind'> = {},
): FiniteDifferencesBackend {
  return { ...options, kind: 'finiteDifferences' };
}

/** Picks the mode per operator from the sizes, as the talk's decision tree does. */
export function auto(options: Omit<AutoBackend, 'kind'> = {}): AutoBackend {
  return { ...options, kind: 'auto' };
}

/** `outer` over `inner`: `secondOrder(forward(), reverse())` is forward-over-reverse. */
export function secondOrder(
  outer: FirstOrderBackend,
  inner: FirstOrderBackend,
  options: FallbackOptions = {},
): SecondOrderBackend {
  return { ...options, kind: 'secondOrder', outer, inner };
}

/** The chunk size ForwardDiff would pick: all inputs up to 12, else evenly split chunks of at most 12. */
export function defaultChunkSize(n: number): number {
  const threshold = 12;
  if (n <= threshold) return Math.max(1, n);
  return Math.ceil(n / Math.ceil(n / threshold));
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
