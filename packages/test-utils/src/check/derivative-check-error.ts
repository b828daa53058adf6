import { PullbackError } from '@pullback/rules-core';
import type { FallbackEvent } from '@pullback/engine';
import { clip, formatError, formatNumber, formatValue, table } from '../report/format.js';

/** One component where a backend and finite differences disagree. */
export interface DerivativeMismatch {
  /** `gradient[2]`, `J[1, 0]`, `gradient.w[3]`. */
  readonly component: string;
  /** The finite-difference value. */
  readonly expected: number;
  /** The backend's value. */
  readonly actual: number;
  /** The estimated error of the finite-difference value. */
  readonly fdError: number;
}

/**
 * Thrown by `checkGradient` (and `checkJacobian`, and the `toMatchFiniteDifferences`
 * matcher) when a backend's derivative of a user's function differs from finite differences,
 * when the function or backend mutated the input, or when the engine fell back to finite
 * differences for some function (unless `allowFallback`). The message is a table of the
 * components that differ, or the list of fallbacks.
 */
export class DerivativeCheckError extends PullbackError {
  /** The components that differ. */
  readonly mismatches: readonly DerivativeMismatch[];
  /** A problem other than a numeric mismatch (a mutated input, a fallback), if any. */
  readonly problem: string | undefined;
  /** The fallbacks the engine reported while computing the derivative. */
  readonly fallbacks: readonly FallbackEvent[];

  constructor(
    what: string,
    backend: string,
    x: unknown,
    mismatches: readonly DerivativeMismatch[],
    tolerances: { rtol: number; atol: number },
    problem?: string,
    fallbacks: readonly FallbackEvent[] = [],
  ) {
    const lines =
      fallbacks.length > 0
        ? [
            `${what} with ${backend} is not automatic differentiation: the engine fell back to ` +
              `finite differences for ${fallbacks.length === 1 ? 'a function' : `${fallbacks.length} functions`}`,
            `  at x = ${formatValue(x)}`,
            ...fallbacks.map(
              (e) =>
                `  - ${e.functionName}${e.location === undefined ? '' : ` (at ${e.location})`} ` +
                `in ${e.mode} mode: ${e.reason} Lint rule ${e.lintRule} flags the cause.`,
            ),
            'Fix the function, or pass { allowFallback: true } to accept finite differences here.',
          ]
        : [
            `${what} with ${backend} disagrees with finite differences${problem ? ` (${problem})` : ''}`,
            `  at x = ${formatValue(x)}`,
            `  rtol ${tolerances.rtol}, atol ${tolerances.atol}`,
          ];
    if (mismatches.length > 0) {
      const shown = mismatches
        .slice(0, 12)
        .map((m) => [
          clip(m.component),
          formatNumber(m.expected),
          formatNumber(m.actual),
          formatError(m.fdError),
        ]);
      if (mismatches.length > 12) shown.push([`… ${mismatches.length - 12} more`, '', '', '']);
      lines.push('', table(['component', 'finite differences', backend, 'fd error'], shown));
    }
    super(lines.join('\n'));
    this.mismatches = mismatches;
    this.problem = problem;
    this.fallbacks = fallbacks;
  }

  /** What test runners serialize after the message, which already shows everything. */
  toJSON(): { name: string; message: string } {
    return { name: this.name, message: this.message };
  }
}
