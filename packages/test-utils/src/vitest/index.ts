/**
 * Vitest matchers for rules and gradients. Importing this module registers them:
 *
 * ```ts
 * import '@pullback/test-utils/vitest';
 * expect(mul).toSatisfyRrule([2, [1, 2, 3]]);
 * ```
 *
 * or, to register them yourself, `expect.extend(pullbackMatchers)`.
 *
 * @packageDocumentation
 */
import { auto, type Backend } from '@pullback/engine';
import { expect } from 'vitest';
// The emitted declarations keep this import (they drop `expect`'s): without it, the augmentation
// below is lost in a consumer that imports this module before vitest (TS2339 on the matchers).
import 'vitest';
import type { CheckOptions } from '../check/check-options.js';
import { DerivativeCheckError } from '../check/derivative-check-error.js';
import { backendLabel } from '../report/backend-label.js';
import { checkDerivatives } from '../check/derivative-check.js';
import { formatValue } from '../report/format.js';
import { RuleTestError } from '../report/rule-test-error.js';
import type { RuleTestOptions } from '../testers/rule-test-options.js';
import { testFrule } from '../testers/test-frule.js';
import { testRrule } from '../testers/test-rrule.js';

/** What a matcher returns to vitest. */
export interface PullbackMatcherResult {
  /** Whether the assertion held. */
  pass: boolean;
  /** The failure message (for `.not`, the message when it unexpectedly held). */
  message: () => string;
}

/** The matchers `@pullback/test-utils/vitest` adds to `expect`. */
export interface PullbackMatchers<R = unknown> {
  /** Asserts that the received function's frule passes `testFrule` at `args`. */
  toSatisfyFrule(args: readonly unknown[], options?: RuleTestOptions): R;
  /** Asserts that the received function's rrule passes `testRrule` at `args`. */
  toSatisfyRrule(args: readonly unknown[], options?: RuleTestOptions): R;
  /**
   * Asserts that `backend`'s (default `auto()`) derivative of the received function at `x` —
   * its gradient when it returns a number, its Jacobian otherwise — matches finite
   * differences (`checkGradient`/`checkJacobian`). Fails when the engine fell back to finite
   * differences for some function, unless `options.allowFallback`.
   */
  toMatchFiniteDifferences(x: unknown, backend?: Backend, options?: CheckOptions): R;
}

function functionName(f: unknown): string {
  return typeof f === 'function' && f.name ? f.name : 'the function';
}

function ruleMatcher(
  which: 'frule' | 'rrule',
  received: unknown,
  args: readonly unknown[],
  options: RuleTestOptions | undefined,
): PullbackMatcherResult {
  const tester = which === 'frule' ? testFrule : testRrule;
  const label = which === 'frule' ? 'testFrule' : 'testRrule';
  if (typeof received !== 'function') {
    return {
      pass: false,
      message: () => `expected a function with an ${which}, got ${formatValue(received)}`,
    };
  }
  try {
    tester(received as (...a: readonly unknown[]) => unknown, args, options);
  } catch (e) {
    if (e instanceof RuleTestError) return { pass: false, message: () => e.message };
    throw e;
  }
  return {
    pass: true,
    message: () =>
      `expected ${functionName(received)}'s ${which} to fail ${label} at args = (${args
        .map((a) => formatValue(a))
        .join(', ')}), but it passed every check`,
  };
}

/** The matchers as an object for `expect.extend`. */
export const pullbackMatchers = {
  toSatisfyFrule(
    received: unknown,
    args: readonly unknown[],
    options?: RuleTestOptions,
  ): PullbackMatcherResult {
    return ruleMatcher('frule', received, args, options);
  },
  toSatisfyRrule(
    received: unknown,
    args: readonly unknown[],
    options?: RuleTestOptions,
  ): PullbackMatcherResult {
    return ruleMatcher('rrule', received, args, options);
  },
  toMatchFiniteDifferences(
    received: unknown,
    x: unknown,
    backend?: Backend,
    options?: CheckOptions,
  ): PullbackMatcherResult {
    if (typeof received !== 'function') {
      return { pass: false, message: () => `expected a function, got ${formatValue(received)}` };
    }
    const b = backend ?? auto();
    try {
      checkDerivatives('auto', received as (x: never) => unknown, b, x, options ?? {});
    } catch (e) {
      if (e instanceof DerivativeCheckError) return { pass: false, message: () => e.message };
      throw e;
    }
    return {
      pass: true,
      message: () =>
        `expected ${backendLabel(b)}'s derivative of ${functionName(received)} at x = ${formatValue(x)} to differ from finite differences, but it matched`,
    };
  },
};

expect.extend(pullbackMatchers);

declare module 'vitest' {
  // The type parameter must repeat vitest's own declaration exactly for the merge to work.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends PullbackMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends PullbackMatchers {}
}
