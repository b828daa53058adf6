import {
  backendName,
  checkOptions,
  COMMON_KEYS,
  defaultChunkSize,
  type AutoBackend,
  type Backend,
  type FirstOrderBackend,
} from './backend.js';
import { forward } from './forward.js';
import { reverse } from './reverse.js';
import type { FallbackOptions } from '../fallback/events.js';
import { count } from '../tree/describe.js';
import type { ConcreteBackend } from './dense-passes.js';

/** The operator families, after DifferentiationInterface. */
export type Family =
  | 'pushforward'
  | 'pullback'
  | 'derivative'
  | 'gradient'
  | 'jacobian'
  | 'secondDerivative'
  | 'hvp'
  | 'hessian';

/** A first-order backend resolved for one family, with the reason in a sentence. */
export interface FirstOrderPlan {
  readonly backend: ConcreteBackend;
  readonly why: string;
}

/** A second-order pair resolved for one family. */
export interface SecondOrderPlan {
  readonly outer: ConcreteBackend;
  readonly inner: ConcreteBackend;
  readonly why: string;
}

/** Checks that `b` is a backend, with an error that says how to make one. */
export function checkBackend(b: unknown, operator = 'an operator'): asserts b is Backend {
  const kinds = ['forward', 'reverse', 'finiteDifferences', 'auto', 'secondOrder', 'sparse'];
  if (typeof b !== 'object' || b === null || !kinds.includes((b as { kind?: string }).kind ?? '')) {
    throw new TypeError(
      `The second argument of ${operator} must be a backend: forward(), reverse(), ` +
        'finiteDifferences(), auto(), secondOrder(outer, inner) or sparse(dense), from ' +
        '@pullback/engine.',
    );
  }
}

/**
 * Above this many forward passes for one gradient or Jacobian, `forward()` warns: reverse mode
 * needs one sweep per output instead (a single one for a gradient). At 100 passes forward
 * mode is already tens of times slower for a gradient, and the gap grows with the inputs.
 */
export const FORWARD_PASSES_WARNING = 100;

let warnedManyForwardPasses = false;

/**
 * Warns once per process when an explicit `forward()` gradient or Jacobian of `n` inputs and
 * `m` outputs needs more than `FORWARD_PASSES_WARNING` passes where reverse mode needs fewer
 * sweeps (`auto()` never chooses so). A process warning rather than a fallback event: nothing
 * is replaced, the result is exact, and `fallback: 'error'` must not turn advice into an error.
 */
export function warnManyForwardPasses(
  operator: string,
  b: ConcreteBackend,
  inputs: number | (() => number),
  m: number,
): void {
  if (warnedManyForwardPasses || b.kind !== 'forward') return;
  // The input size is measured only when the warning may apply.
  const n = typeof inputs === 'number' ? inputs : inputs();
  const chunk = b.chunkSize ?? defaultChunkSize(n);
  const passes = Math.ceil(n / chunk);
  if (passes <= FORWARD_PASSES_WARNING || m >= n) return;
  warnedManyForwardPasses = true;
  process.emitWarning(
    `${operator} with ${backendName(b)} runs f ${passes} times (${n} inputs in chunks of ` +
      `${chunk}), a cost that grows with the number of inputs; reverse() needs ` +
      `${m === 1 ? 'one reverse sweep' : count(m, 'reverse sweep')}. Use reverse() or ` +
      'auto() for many inputs. (This warning is given once per process.)',
    { code: 'PULLBACK_FORWARD_MANY_INPUTS' },
  );
}

/** The fallback options of a backend (a second-order pair inherits the outer's unless it sets its own). */
export function fallbackOptionsOf(b: Backend): FallbackOptions {
  if (b.kind === 'sparse') {
    const inner = fallbackOptionsOf(b.dense);
    return { fallback: b.fallback ?? inner.fallback, onFallback: b.onFallback ?? inner.onFallback };
  }
  if (b.kind === 'secondOrder') {
    return {
      fallback: b.fallback ?? b.outer.fallback ?? b.inner.fallback,
      onFallback: b.onFallback ?? b.outer.onFallback ?? b.inner.onFallback,
    };
  }
  return { fallback: b.fallback, onFallback: b.onFallback };
}

const withOptions = <B extends FirstOrderBackend>(made: B, from: FallbackOptions): B => ({
  ...made,
  fallback: from.fallback,
  onFallback: from.onFallback,
});

/**
 * Resolves a backend for a first-order family. `auto()` follows the talk's decision tree:
 * derivative and pushforward forward, gradient and pullback reverse, jacobian by the smaller
 * of input size `n` and output size `m`.
 */
export function planFirstOrder(
  b: Backend,
  family: Family,
  sizes: () => { n: number; m: number },
): FirstOrderPlan {
  if (b.kind === 'sparse') return planFirstOrder(b.dense, family, sizes);
  const base = b.kind === 'secondOrder' ? b.inner : b;
  if (base.kind !== 'auto') return { backend: base, why: `${family} with ${backendName(base)}.` };
  const opts = fallbackOptionsOf(b);
  if (family === 'derivative' || family === 'pushforward') {
    return {
      backend: withOptions(forward(), opts),
      why: `auto() chose forward mode for ${family}: one input direction costs one forward pass.`,
    };
  }
  if (family === 'gradient' || family === 'pullback') {
    return {
      backend: withOptions(reverse(), opts),
      why: `auto() chose reverse mode for ${family}: one output cotangent costs one reverse pass.`,
    };
  }
  const { n, m } = sizes();
  const passes = Math.ceil(n / defaultChunkSize(n));
  const sizesSaid = `with ${count(n, 'input')} and ${count(m, 'output')}`;
  return n <= m
    ? {
        backend: withOptions(forward(), opts),
        why: `auto() chose forward mode for jacobian: ${sizesSaid}, forward mode needs ${count(passes, 'pass', 'passes')} (${count(defaultChunkSize(n), 'direction')} each) where reverse mode needs ${count(m, 'sweep')}.`,
      }
    : {
        backend: withOptions(reverse(), opts),
        why: `auto() chose reverse mode for jacobian: ${sizesSaid}, reverse mode needs ${count(m, 'sweep')} where forward mode needs ${count(n, 'direction')}.`,
      };
}

/**
 * Resolves a backend for a second-order family: `secondOrder(outer, inner)` as given (each
 * resolved), forward-over-reverse for `reverse()` and `auto()`, forward-over-forward for
 * `forward()`, finite differences twice for `finiteDifferences()`.
 */
export function planSecondOrder(b: Backend, family: Family): SecondOrderPlan {
  if (b.kind === 'sparse') return planSecondOrder(b.dense, family);
  const opts = fallbackOptionsOf(b);
  const concrete = (x: FirstOrderBackend, role: 'outer' | 'inner'): ConcreteBackend =>
    x.kind === 'auto'
      ? withOptions(role === 'outer' ? forward() : reverse(), opts)
      : withOptions(x, {
          fallback: x.fallback ?? opts.fallback,
          onFallback: x.onFallback ?? opts.onFallback,
        });
  if (b.kind === 'secondOrder') {
    const outer = concrete(b.outer, 'outer');
    const inner = concrete(b.inner, 'inner');
    return {
      outer,
      inner,
      why: `${family} with ${backendName(outer)} over ${backendName(inner)}.`,
    };
  }
  if (b.kind === 'forward' || b.kind === 'finiteDifferences') {
    return { outer: b, inner: b, why: `${family} with ${backendName(b)} over ${backendName(b)}.` };
  }
  const outer = withOptions(forward(), opts);
  const inner = withOptions(reverse(), opts);
  return {
    outer,
    inner,
    why:
      b.kind === 'auto'
        ? `auto() chose forward-over-reverse for ${family}: a Hessian-vector product costs a small multiple of one gradient.`
        : `${family} with forward-over-reverse (the default second order for reverse()).`,
  };
}

/** Picks the mode per operator from the sizes, as the talk's decision tree does. */
export function auto(options: Omit<AutoBackend, 'kind'> = {}): AutoBackend {
  checkOptions('auto', options, COMMON_KEYS);
  return { ...options, kind: 'auto' };
}
