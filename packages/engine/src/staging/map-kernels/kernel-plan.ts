import { UnsupportedInputError } from '../../errors.js';
import { sameTrace, traceKernel, type KernelTrace } from './kernel-trace.js';

/**
 * Which elements of a `map`/`map2` call the kernel's records serve. A record (kernel-trace.ts)
 * is an exact account of one call, so the first call is traced on element 0, and the kernel is
 * never called again for it. The trace holds for every element only when the kernel is a pure
 * function of its arguments; that cannot be proved, but it is checked cheaply where it fails in
 * practice (a counter `w[i++]`, a random mask, a captured array that grows): the second call
 * is traced on element 1 and must give the same record (same steps, same constants bit for
 * bit), and a call of `Math.random` is caught while tracing. Otherwise the records serve the
 * elements they were made on and the rest run per element, in order, so every element sees the
 * kernel exactly as plain evaluation would. The check costs one more trace per `map` call, not
 * one per element. An impure kernel whose first two calls happen to read the same numbers is
 * not caught: the lint rule `no-impure-kernel` flags those before they run.
 */

/**
 * Longer kernels (a loop inside the kernel, say) run per element: one generated function per
 * shape would grow without bound, and V8 optimises very long functions poorly.
 */
const MAX_STEPS = 1000;

/** How a call's elements are computed from the kernel's records. */
export interface KernelPlan {
  /** `traces[i]` is element `i`'s record. */
  readonly traces: readonly KernelTrace[];
  /** `traces[0]` serves every element (else the elements after the traced ones run per element). */
  readonly all: boolean;
  /** Why the kernel is not a pure function of its arguments, when it was caught. */
  readonly impure: string | undefined;
}

/**
 * The plan for `n` elements whose values are `valuesAt(i)` (one number per kernel argument),
 * or `undefined` when the first call has no usable record (not straight-line code, too long, or
 * not `usable` by the caller's generator): then every element runs per element. No elements:
 * `undefined` without a call (a kernel is never called for an empty array).
 */
export function planKernel(
  f: (...args: never[]) => unknown,
  n: number,
  valuesAt: (i: number) => readonly number[],
  usable: (trace: KernelTrace) => boolean,
): KernelPlan | undefined {
  if (n === 0) return undefined;
  const first = record(f, valuesAt(0), usable);
  if (first === undefined) return undefined;
  if (n === 1) return { traces: [first], all: true, impure: undefined };
  if (first.random) return { traces: [first], all: false, impure: RANDOM };
  if (first.valueDependent) return { traces: [first], all: false, impure: undefined };
  const second = record(f, valuesAt(1), usable);
  if (second === undefined) {
    // Its first call was straight-line code that read no value: only state it closes over can
    // have changed what its second call did, and that call cannot be run again.
    throw new UnsupportedInputError(
      'map/map2: the kernel did something different on its second element than on its first, ' +
        'so it changes or reads state it closes over, and its second call cannot be ' +
        'differentiated as plain evaluation would compute it. Make the kernel a pure function of ' +
        'its arguments: pass per-element data as another argument (map2(k, x, w)) instead of ' +
        'reading it through a counter or a captured array. The lint rule ' +
        '@pullback/no-impure-kernel flags this before it runs.',
    );
  }
  if (second.random) return { traces: [first, second], all: false, impure: RANDOM };
  if (second.valueDependent) return { traces: [first, second], all: false, impure: CHANGED };
  if (sameTrace(first, second)) return { traces: [first], all: true, impure: undefined };
  return { traces: [first, second], all: false, impure: CHANGED };
}

const CHANGED =
  'It computed differently on its first two elements (it changes or reads state it closes ' +
  'over, such as a counter w[i++] or a captured array), so it was run per element.';
const RANDOM =
  'It calls Math.random, so its numbers differ from call to call and it was run per element.';

function record(
  f: (...args: never[]) => unknown,
  values: readonly number[],
  usable: (trace: KernelTrace) => boolean,
): KernelTrace | undefined {
  const trace = traceKernel(f, values);
  return trace !== undefined && trace.steps.length <= MAX_STEPS && usable(trace)
    ? trace
    : undefined;
}
