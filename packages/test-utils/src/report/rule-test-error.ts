import { PullbackError } from '@pullback/rules-core';
import { clip, formatError, formatNumber, formatValue, table } from './format.js';

/**
 * The properties a rule tester checks. A failure names one of them, so a report says which
 * promise the rule broke, not just that numbers differ.
 */
export type RuleCheck =
  /** The function has the rule being tested. */
  | 'rule present'
  /** The rule (or its pullback) ran without throwing and returned what the protocol says. */
  | 'rule runs'
  /** The rule's primal equals `fn(...args)`. */
  | 'primal'
  /** Tangents mirror the primal's structure; `noTangent` exactly where there is no tangent space. */
  | 'tangent structure'
  /** The frule's tangent equals the finite-difference JVP. */
  | 'frule vs finite differences'
  /** The pullback's cotangents satisfy the adjoint identity against finite differences. */
  | 'rrule vs finite differences'
  /** `<dy, frule(dx)> = <pullback(dy), dx>`, no finite differences involved. */
  | 'frule/rrule agreement'
  /** Zero input tangents give a zero output tangent. */
  | 'zero tangent'
  /** `pullback(a·u + b·v) = a·pullback(u) + b·pullback(v)`. */
  | 'pullback linearity'
  /** A second call of the pullback gives the same cotangents. */
  | 'pullback repeatable'
  /** A thunked `dy` gives the same cotangents as `dy` itself. */
  | 'thunked cotangent'
  /** A zero `dy` gives zero cotangents. */
  | 'zero cotangent'
  /** The pullback leaves `dy` as it found it. */
  | 'cotangent not mutated'
  /** The rule leaves its arguments (and tangents, and its output) as it found them. */
  | 'inputs not mutated'
  /** A scalar rule's declared partials equal the finite-difference derivatives. */
  | 'partials'
  /** Derivatives of the rule itself (the rule is differentiable) match finite differences. */
  | 'second order';

/** One row of a failure report. */
export interface RuleTestFailure {
  /** The property that failed. */
  readonly check: RuleCheck;
  /** Which argument (`args[1]`), or `output`, or `''` when the failure is about the whole call. */
  readonly argument: string;
  /** The component inside it (`[3]`, `.weights[0, 2]`), or `''`. */
  readonly component: string;
  /** What was expected: a number, or a description (`noTangent`). */
  readonly expected: number | string;
  /** What the rule gave. */
  readonly actual: number | string;
  /** The estimated error of the finite-difference value in `expected`, where one was used. */
  readonly fdError?: number;
  /** An explanation or a hint, printed under the table. */
  readonly note?: string;
}

/** What a report needs besides its rows. */
export interface RuleTestContext {
  /** `testFrule`, `testRrule`, `testScalar`, ... */
  readonly tester: string;
  /** The name of the function whose rule was tested. */
  readonly functionName: string;
  /** The arguments the rule was tested at. */
  readonly args: readonly unknown[];
  /** Extra inputs worth printing (tangents, cotangent), by name. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /** The seed the random tangents were drawn with. */
  readonly seed: number;
  /** The tolerances in force. */
  readonly rtol: number;
  /** The tolerances in force. */
  readonly atol: number;
}

/** How many rows a report prints per check before summarising the rest. */
const ROWS_PER_CHECK = 8;

/**
 * Thrown by the rule testers when a rule breaks one of its promises. The message is a small
 * table (check, argument, component, expected, actual, finite-difference error estimate) with
 * the point, the random inputs and the seed, so the failure can be read and reproduced from a
 * terminal or a vitest report alone.
 */
export class RuleTestError extends PullbackError {
  /** Every failed comparison, in the order the checks ran. */
  readonly failures: readonly RuleTestFailure[];
  /** Where and how the rule was tested. */
  readonly context: RuleTestContext;

  constructor(context: RuleTestContext, failures: readonly RuleTestFailure[]) {
    super(renderReport(context, failures));
    this.failures = failures;
    this.context = context;
  }

  /**
   * What test runners serialize after the message: only the failed checks, since the message
   * already shows everything (vitest would otherwise dump typed arrays key by key).
   */
  toJSON(): { name: string; message: string; checks: readonly RuleCheck[] } {
    return { name: this.name, message: this.message, checks: this.checks };
  }

  /** The distinct checks that failed, in order. */
  get checks(): readonly RuleCheck[] {
    return [...new Set(this.failures.map((f) => f.check))];
  }
}

function cell(v: number | string): string {
  return typeof v === 'number' ? formatNumber(v) : clip(v);
}

/** The text of a `RuleTestError`. */
export function renderReport(
  context: RuleTestContext,
  failures: readonly RuleTestFailure[],
): string {
  const checks = [...new Set(failures.map((f) => f.check))];
  const rows: string[][] = [];
  for (const check of checks) {
    const mine = failures.filter((f) => f.check === check);
    for (const f of mine.slice(0, ROWS_PER_CHECK)) {
      rows.push([
        f.check,
        f.argument || '-',
        f.component || '-',
        cell(f.expected),
        cell(f.actual),
        formatError(f.fdError),
      ]);
    }
    if (mine.length > ROWS_PER_CHECK) {
      rows.push([check, `… ${mine.length - ROWS_PER_CHECK} more`, '', '', '', '']);
    }
  }
  const header = ['check', 'argument', 'component', 'expected', 'actual', 'fd error'];
  const hasFd = failures.some((f) => f.fdError !== undefined);
  const shownHeader = hasFd ? header : header.slice(0, 5);
  const shownRows = hasFd ? rows : rows.map((r) => r.slice(0, 5));
  const problems = failures.length === 1 ? '1 problem' : `${failures.length} problems`;
  const lines = [
    `${context.tester}(${context.functionName}) found ${problems} in ${checks.length === 1 ? 'check' : 'checks'} ${checks
      .map((c) => `"${c}"`)
      .join(', ')}`,
    `  at args = (${context.args.map((a) => formatValue(a)).join(', ')})`,
  ];
  for (const [name, value] of Object.entries(context.inputs ?? {})) {
    lines.push(`  with ${name} = ${formatValue(value)}`);
  }
  lines.push(`  seed ${context.seed}, rtol ${context.rtol}, atol ${context.atol}`, '');
  lines.push(table(shownHeader, shownRows));
  const notes = [...new Set(failures.filter((f) => f.note).map((f) => `${f.check}: ${f.note}`))];
  if (notes.length > 0) {
    lines.push('');
    for (const n of notes.slice(0, 8)) lines.push(`  ${n}`);
  }
  return lines.join('\n');
}
