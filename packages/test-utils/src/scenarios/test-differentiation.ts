import { PullbackError } from '@pullback/rules-core';
import * as engine from '@pullback/engine';
import type { Backend } from '@pullback/engine';
import { backendLabel } from '../report/backend-label.js';
import { table } from '../report/format.js';
import { deepCopy, firstDifference } from '../tree/clone.js';
import { flatten } from '../tree/flatten.js';
import { layoutOf } from '../tree/layout.js';
import { compare, times, timesTransposed, type Expected } from './expected.js';
import {
  appliesExtended,
  EXTENDED,
  runExtended,
  type ExtendedOperator,
} from './extended-operators.js';
import type { Scenario } from './scenario.js';

function isExtended(op: Operator): op is ExtendedOperator {
  return (EXTENDED as readonly string[]).includes(op);
}

/**
 * The operator families `testDifferentiation` runs: DifferentiationInterface's eight (run by
 * default), and the extended forms (in-place, batched, `linearize`, `vjp`) when named in
 * `options.operators`.
 */
export type Operator =
  | ExtendedOperator
  | 'pushforward'
  | 'pullback'
  | 'derivative'
  | 'gradient'
  | 'jacobian'
  | 'secondDerivative'
  | 'hvp'
  | 'hessian';

const ALL: readonly Exclude<Operator, ExtendedOperator>[] = [
  'pushforward',
  'pullback',
  'derivative',
  'gradient',
  'jacobian',
  'secondDerivative',
  'hvp',
  'hessian',
];

/** Options of `testDifferentiation`. */
export interface DifferentiationTestOptions {
  /**
   * Which operator families to run; default the eight of DifferentiationInterface that apply to
   * each scenario. The extended forms run when named here: `pushforwardInPlace`,
   * `pullbackInPlace`, `derivativeInPlace`, `jacobianInPlace` (in-place functions made from the
   * scenario's `f`, also checked against the out-of-place operators to 1e-14),
   * `pushforwardBatch`, `pullbackBatch`, `hvpBatch` (`tangents(…)` of two directions),
   * `linearize` and `vjp`.
   */
  readonly operators?: readonly Operator[];
  /**
   * Relative tolerance. Default `1e-9` for AD backends (exact up to rounding), entry by entry.
   * When finite differences are involved, `1e-5` for first-order and `1e-2` for second-order
   * operators, relative to the largest entry of the result: the engine's fixed-step
   * differences err by ~1e-10 relative for a first derivative and by about eps/h² ≈ 1e-5 of
   * the function's scale for a difference of differences.
   */
  readonly rtol?: number;
  /** Absolute tolerance; default `1e-9` for AD, `1e-5`/`1e-2` with finite differences as `rtol`. */
  readonly atol?: number;
  /** Print the summary table: `true` (default) to the console, a function to receive it, `false` for silence. */
  readonly print?: boolean | ((text: string) => void);
  /** Throw a `DifferentiationTestError` when something failed; default `true`. */
  readonly throwOnFailure?: boolean;
}

/** One scenario × operator × backend: how the unprepared and prepared calls fared. */
export interface DifferentiationTestRow {
  /** The scenario's name. */
  readonly scenario: string;
  /** The operator family (each row covers `op` and its `valueAnd…` variant). */
  readonly operator: Operator;
  /** The backend, e.g. `reverse()`. */
  readonly backend: string;
  /** The unprepared operators: `op(f, backend, x, …)` and its `valueAnd…` variant. */
  readonly unprepared: 'pass' | 'fail';
  /** The prepared ones, called twice on one preparation. */
  readonly prepared: 'pass' | 'fail';
  /** True when both passed. */
  readonly passed: boolean;
  /** What went wrong, one line each; empty when both passed. */
  readonly problems: readonly string[];
}

/**
 * Thrown by `testDifferentiation` when an operator gave a wrong result, threw, or mutated its
 * input; the message holds the summary table and every problem.
 */
export class DifferentiationTestError extends PullbackError {
  /** Every row, passing ones included. */
  readonly rows: readonly DifferentiationTestRow[];
  constructor(summary: string, rows: readonly DifferentiationTestRow[]) {
    const failed = rows.filter((r) => r.problems.length > 0);
    const details = failed.flatMap((r) =>
      r.problems.slice(0, 4).map((p) => `  ${r.scenario} · ${r.operator} · ${r.backend}: ${p}`),
    );
    super(
      `testDifferentiation: ${failed.length} of ${rows.length} scenario/operator/backend combinations failed\n\n${summary}\n\n${details.slice(0, 40).join('\n')}`,
    );
    this.rows = rows;
  }

  /** What test runners serialize after the message, which already shows everything. */
  toJSON(): { name: string; message: string } {
    return { name: this.name, message: this.message };
  }
}

/**
 * Runs every operator on every scenario with every backend — unprepared, and prepared then
 * called twice with the same preparation — and checks results against the scenarios' known
 * derivatives, the `valueAnd…` variants' values against `f(x)`, and that no input was mutated
 * (DifferentiationInterfaceTest's `test_differentiation`). Prints a compact table of what
 * passed and returns its rows; throws a `DifferentiationTestError` if anything failed.
 *
 * @example
 * ```ts
 * testDifferentiation(scenarios.default(), [forward(), reverse(), auto()]);
 * ```
 */
export function testDifferentiation(
  list: readonly Scenario[],
  backends: readonly Backend[],
  options: DifferentiationTestOptions = {},
): DifferentiationTestRow[] {
  const rows: DifferentiationTestRow[] = [];
  const wanted = new Set(options.operators ?? ALL);
  for (const s of list) {
    for (const op of [...ALL, ...EXTENDED]) {
      if (!wanted.has(op) || !applies(s, op)) continue;
      for (const b of backends) rows.push(runRow(s, op, b, options));
    }
  }
  const summary = summarise(list, backends, rows);
  const print = options.print ?? true;
  if (print !== false) (typeof print === 'function' ? print : console.log)(summary);
  if ((options.throwOnFailure ?? true) && rows.some((r) => r.problems.length > 0)) {
    throw new DifferentiationTestError(summary, rows);
  }
  return rows;
}

function applies(s: Scenario, op: Operator): boolean {
  if (isExtended(op)) return appliesExtended(s, op);
  switch (op) {
    case 'derivative':
      return typeof s.x === 'number';
    case 'secondDerivative':
      return typeof s.x === 'number' && s.secondDerivative !== undefined;
    case 'gradient':
      return typeof s.y === 'number';
    case 'hvp':
    case 'hessian':
      return typeof s.y === 'number' && s.hessian !== undefined;
    default:
      return true;
  }
}

function usesFiniteDifferences(b: Backend): boolean {
  return (
    b.kind === 'finiteDifferences' ||
    (b.kind === 'secondOrder' && [b.outer, b.inner].some(usesFiniteDifferences))
  );
}

function runRow(
  s: Scenario,
  op: Operator,
  b: Backend,
  options: DifferentiationTestOptions,
): DifferentiationTestRow {
  const fd = usesFiniteDifferences(b);
  const second = op === 'secondDerivative' || op === 'hvp' || op === 'hessian' || op === 'hvpBatch';
  const loose = fd ? (second ? 1e-2 : 1e-5) : 1e-9;
  const rtol = options.rtol ?? loose;
  const atol = options.atol ?? loose;
  if (isExtended(op)) {
    const problems: string[] = [];
    const { unprepared, prepared } = runExtended(s, op, b, { rtol, atol, normwise: fd, problems });
    return {
      scenario: s.name,
      operator: op,
      backend: backendLabel(b),
      unprepared: unprepared ? 'pass' : 'fail',
      prepared: prepared ? 'pass' : 'fail',
      passed: unprepared && prepared && problems.length === 0,
      problems,
    };
  }
  const inLayout = layoutOf(s.x);
  const outLayout = layoutOf(s.y);
  const tx = flatten(inLayout, s.tx);
  const dy = flatten(outLayout, s.dy);
  const y: Expected = { layout: outLayout, values: flatten(outLayout, s.y) };
  const jac = s.jacobian;
  const hess = s.hessian ?? [];
  const expected: Record<Exclude<Operator, ExtendedOperator>, () => Expected> = {
    pushforward: () => ({ layout: outLayout, values: times(jac, s.m, s.n, tx) }),
    pullback: () => ({ layout: inLayout, values: timesTransposed(jac, s.m, s.n, dy) }),
    derivative: () => ({ layout: outLayout, values: jac }),
    gradient: () => ({ layout: inLayout, values: jac }),
    jacobian: () => ({ layout: { matrix: [s.m, s.n] }, values: jac }),
    secondDerivative: () => ({ layout: outLayout, values: s.secondDerivative ?? [] }),
    hvp: () => ({ layout: inLayout, values: times(hess, s.n, s.n, tx) }),
    hessian: () => ({ layout: { matrix: [s.n, s.n] }, values: hess }),
  };
  const problems: string[] = [];
  const check = (label: string, got: unknown, want: Expected): boolean => {
    const problem = compare(got, want, rtol, atol, fd);
    if (problem !== undefined) problems.push(`${label}: ${problem}`);
    return problem === undefined;
  };
  const gradientExpected = (): Expected => ({ layout: inLayout, values: jac });
  const derivativeExpected = (): Expected => ({ layout: outLayout, values: jac });

  /** Runs `body` on a fresh copy of `x`, checking the copy is unchanged afterwards. */
  const guarded = (label: string, body: (x: unknown) => boolean): boolean => {
    const x = deepCopy(s.x);
    try {
      const ok = body(x);
      const moved = firstDifference(x, s.x, 'x');
      if (moved !== undefined) {
        problems.push(`${label} mutated its input at ${moved}`);
        return false;
      }
      return ok;
    } catch (e) {
      problems.push(
        `${label} threw ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`,
      );
      return false;
    }
  };

  const f = s.f as never;
  const e = engine as unknown as Record<string, (...a: unknown[]) => unknown>;
  const extra = (): unknown[] =>
    op === 'pushforward' || op === 'hvp'
      ? [deepCopy(s.tx)]
      : op === 'pullback'
        ? [deepCopy(s.dy)]
        : [];
  const valueAnd = valueAndName(op);
  const verifyValueAnd = (label: string, res: unknown): boolean => {
    const r = res as unknown[];
    if (op === 'secondDerivative') {
      return (
        check(`${label}[0]`, r[0], y) &&
        check(`${label}[1]`, r[1], derivativeExpected()) &&
        check(`${label}[2]`, r[2], expected[op]())
      );
    }
    if (op === 'hvp')
      return (
        check(`${label}[0]`, r[0], gradientExpected()) && check(`${label}[1]`, r[1], expected[op]())
      );
    if (op === 'hessian') {
      return (
        check(`${label}[0]`, r[0], y) &&
        check(`${label}[1]`, r[1], gradientExpected()) &&
        check(`${label}[2]`, r[2], expected[op]())
      );
    }
    return check(`${label}[0]`, r[0], y) && check(`${label}[1]`, r[1], expected[op]());
  };

  const unprepared =
    guarded(`${op}(f, backend, x)`, (x) =>
      check(op, e[op](f, b, x, ...extra(), ...s.rest), expected[op]()),
    ) &&
    guarded(`${valueAnd}(f, backend, x)`, (x) =>
      verifyValueAnd(valueAnd, e[valueAnd](f, b, x, ...extra(), ...s.rest)),
    );

  const prepareName = `prepare${op[0].toUpperCase()}${op.slice(1)}`;
  let prepared = false;
  let p: Record<string, (...a: unknown[]) => unknown> | undefined;
  if (
    guarded(
      `${prepareName}(f, backend, x)`,
      (x) => ((p = e[prepareName](f, b, x, ...s.rest) as typeof p), true),
    )
  ) {
    const prep = p as Record<string, (...a: unknown[]) => unknown>;
    prepared = [1, 2].every((call) =>
      guarded(`prepared.${op}(x), call ${call}`, (x) =>
        check(`prepared.${op} (call ${call})`, prep[op](x, ...extra(), ...s.rest), expected[op]()),
      ),
    );
    prepared =
      guarded(`prepared.${valueAnd}(x)`, (x) =>
        verifyValueAnd(`prepared.${valueAnd}`, prep[valueAnd](x, ...extra(), ...s.rest)),
      ) && prepared;
  }
  return {
    scenario: s.name,
    operator: op,
    backend: backendLabel(b),
    unprepared: unprepared ? 'pass' : 'fail',
    prepared: prepared ? 'pass' : 'fail',
    passed: unprepared && prepared && problems.length === 0,
    problems,
  };
}

function valueAndName(op: Operator): string {
  switch (op) {
    case 'secondDerivative':
      return 'valueDerivativeAndSecondDerivative';
    case 'hvp':
      return 'gradientAndHvp';
    case 'hessian':
      return 'valueGradientAndHessian';
    default:
      return `valueAnd${op[0].toUpperCase()}${op.slice(1)}`;
  }
}

/** One line per scenario, one column per operator, one mark per backend. */
function summarise(
  list: readonly Scenario[],
  backends: readonly Backend[],
  rows: readonly DifferentiationTestRow[],
): string {
  const ops = [...ALL, ...EXTENDED].filter((op) => rows.some((r) => r.operator === op));
  const mark = (r: DifferentiationTestRow | undefined): string =>
    r === undefined ? '·' : r.unprepared === 'pass' && r.prepared === 'pass' ? '✓' : '✗';
  const body = list.map((s) => [
    s.name,
    ...ops.map((op) => {
      const marks = backends.map((b) =>
        mark(
          rows.find(
            (r) => r.scenario === s.name && r.operator === op && r.backend === backendLabel(b),
          ),
        ),
      );
      return marks.every((m) => m === '·') ? '' : marks.join('');
    }),
  ]);
  const passed = rows.filter((r) => r.problems.length === 0).length;
  return [
    `testDifferentiation: ${passed}/${rows.length} passed (each mark: one backend, in order ${backends.map(backendLabel).join(', ')}; ✓ = unprepared and prepared ×2 pass)`,
    table(['scenario', ...ops], body),
  ].join('\n');
}
