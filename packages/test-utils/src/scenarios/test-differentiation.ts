import { PullbackError } from '@pullback/rules-core';
import * as engine from '@pullback/engine';
import type { Backend } from '@pullback/engine';
import { deepCopy, firstDifference } from '../internal/clone.js';
import { close } from '../internal/compare.js';
import { backendLabel } from '../internal/derivative-check.js';
import { formatNumber, table } from '../internal/format.js';
import { LayoutMismatch, flatten, layoutOf, type Layout } from '../internal/layout.js';
import type { Scenario } from './scenario.js';

/** The operator families `testDifferentiation` runs. */
export type Operator =
  | 'pushforward'
  | 'pullback'
  | 'derivative'
  | 'gradient'
  | 'jacobian'
  | 'secondDerivative'
  | 'hvp'
  | 'hessian';

const ALL: readonly Operator[] = [
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
  /** Which operator families to run; default all that apply to each scenario. */
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
    for (const op of ALL) {
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

/** `J·v` for a row-major `m × n` matrix. */
function times(j: readonly number[], m: number, n: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) out[i] += j[i * n + k] * v[k];
  return out;
}

/** `Jᵀ·w`. */
function timesTransposed(
  j: readonly number[],
  m: number,
  n: number,
  w: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) out[k] += j[i * n + k] * w[i];
  return out;
}

interface Expected {
  readonly layout: Layout | { readonly matrix: [number, number] };
  readonly values: ArrayLike<number>;
}

function runRow(
  s: Scenario,
  op: Operator,
  b: Backend,
  options: DifferentiationTestOptions,
): DifferentiationTestRow {
  const fd = usesFiniteDifferences(b);
  const second = op === 'secondDerivative' || op === 'hvp' || op === 'hessian';
  const loose = fd ? (second ? 1e-2 : 1e-5) : 1e-9;
  const rtol = options.rtol ?? loose;
  const atol = options.atol ?? loose;
  const inLayout = layoutOf(s.x);
  const outLayout = layoutOf(s.y);
  const tx = flatten(inLayout, s.tx);
  const dy = flatten(outLayout, s.dy);
  const y: Expected = { layout: outLayout, values: flatten(outLayout, s.y) };
  const jac = s.jacobian;
  const hess = s.hessian ?? [];
  const expected: Record<Operator, () => Expected> = {
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
    guarded(`${op}(f, backend, x)`, (x) => check(op, e[op](f, b, x, ...extra()), expected[op]())) &&
    guarded(`${valueAnd}(f, backend, x)`, (x) =>
      verifyValueAnd(valueAnd, e[valueAnd](f, b, x, ...extra())),
    );

  const prepareName = `prepare${op[0].toUpperCase()}${op.slice(1)}`;
  let prepared = false;
  let p: Record<string, (...a: unknown[]) => unknown> | undefined;
  if (
    guarded(
      `${prepareName}(f, backend, x)`,
      (x) => ((p = e[prepareName](f, b, x, ...extra()) as typeof p), true),
    )
  ) {
    const prep = p as Record<string, (...a: unknown[]) => unknown>;
    prepared = [1, 2].every((call) =>
      guarded(`prepared.${op}(x), call ${call}`, (x) =>
        check(`prepared.${op} (call ${call})`, prep[op](x, ...extra()), expected[op]()),
      ),
    );
    prepared =
      guarded(`prepared.${valueAnd}(x)`, (x) =>
        verifyValueAnd(`prepared.${valueAnd}`, prep[valueAnd](x, ...extra())),
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

/** `undefined` when `got` has the expected structure and values, else what is wrong. */
function compare(
  got: unknown,
  want: Expected,
  rtol: number,
  atol: number,
  normwise: boolean,
): string | undefined {
  let values: Float64Array;
  if ('matrix' in want.layout) {
    const [rows, cols] = want.layout.matrix;
    const g = got as { rows?: unknown; cols?: unknown; data?: ArrayLike<number> };
    if (typeof g === 'object' && g !== null && 'rowPtr' in g) {
      // A CSR result of a sparse(...) backend: its entries off the pattern are zeros.
      const dense = densified(g, rows, cols);
      if (typeof dense === 'string') return dense;
      values = dense;
    } else if (
      typeof g !== 'object' ||
      g === null ||
      g.rows !== rows ||
      g.cols !== cols ||
      g.data?.length !== rows * cols
    ) {
      return `expected a ${rows}×${cols} matrix, got ${describeMatrix(g)}`;
    } else values = Float64Array.from(g.data);
  } else {
    try {
      values = flatten(want.layout, got);
    } catch (e) {
      if (e instanceof LayoutMismatch) return `wrong structure: ${e.message}`;
      throw e;
    }
  }
  // Finite differences err relative to the largest entry (round-off scales with the function),
  // so their results are judged against it; AD results entry by entry.
  let scale = 0;
  if (normwise)
    for (let i = 0; i < want.values.length; i++) scale = Math.max(scale, Math.abs(want.values[i]));
  for (let i = 0; i < values.length; i++) {
    if (!close(values[i], want.values[i], rtol, atol, rtol * scale)) {
      return `component ${i}: expected ${formatNumber(want.values[i])}, got ${formatNumber(values[i])}`;
    }
  }
  return undefined;
}

/** The dense entries of a CSR matrix `{ rows, cols, rowPtr, colIdx, values }`, or what is wrong with it. */
function densified(g: object, rows: number, cols: number): Float64Array | string {
  const m = g as {
    rows?: unknown;
    cols?: unknown;
    rowPtr?: unknown;
    colIdx?: unknown;
    values?: unknown;
  };
  const { rowPtr, colIdx, values } = m;
  if (
    m.rows !== rows ||
    m.cols !== cols ||
    !(rowPtr instanceof Int32Array) ||
    rowPtr.length !== rows + 1 ||
    !(colIdx instanceof Int32Array) ||
    !(values instanceof Float64Array) ||
    values.length !== colIdx.length ||
    rowPtr[rows] !== colIdx.length
  ) {
    return `expected a ${rows}×${cols} sparse matrix (CSR), got ${String(m.rows)}×${String(m.cols)} with malformed rowPtr, colIdx or values`;
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      if (j < 0 || j >= cols) return `sparse matrix row ${i} has column ${j}, out of range`;
      out[i * cols + j] = values[k];
    }
  }
  return out;
}

function describeMatrix(
  g: { rows?: unknown; cols?: unknown; data?: ArrayLike<number> } | null,
): string {
  if (typeof g !== 'object' || g === null) return String(g);
  return `${String(g.rows)}×${String(g.cols)} with ${g.data?.length ?? 'no'} entries`;
}

/** One line per scenario, one column per operator, one mark per backend. */
function summarise(
  list: readonly Scenario[],
  backends: readonly Backend[],
  rows: readonly DifferentiationTestRow[],
): string {
  const ops = ALL.filter((op) => rows.some((r) => r.operator === op));
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
