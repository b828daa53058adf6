/**
 * What is measured: two functions (extended Rosenbrock and the 100-input scalar-heavy function of
 * `../rosenbrock.bench.ts`), each written two ways (whole-array operations and a loop over
 * scalars), at the sizes below, by every tool.
 */

/** The function being differentiated. */
export type Problem = 'rosenbrock' | 'heavy';

/** How the function is written: whole-array operations, or a loop over scalars. */
export type Style = 'whole-array' | 'scalar loop';

/** The tools compared; `hand` is the hand-written gradient every ratio is taken against. */
export type ToolName = 'hand' | 'pullback eager' | 'pullback prepared' | 'tfjs cpu' | 'jax-js jit';

/** Every tool, in the order of the table's columns. */
export const tools: readonly ToolName[] = [
  'hand',
  'pullback eager',
  'pullback prepared',
  'tfjs cpu',
  'jax-js jit',
];

/** One measurement's subject. */
export interface CaseSpec {
  readonly problem: Problem;
  readonly style: Style;
  readonly n: number;
}

/** Every case, smallest size first within a (problem, style) pair: sizes are skipped in order. */
export function cases(rosenbrockSizes: readonly number[]): CaseSpec[] {
  const out: CaseSpec[] = [];
  for (const style of ['whole-array', 'scalar loop'] as const) {
    for (const n of rosenbrockSizes) out.push({ problem: 'rosenbrock', style, n });
  }
  for (const style of ['whole-array', 'scalar loop'] as const) {
    out.push({ problem: 'heavy', style, n: 100 });
  }
  return out;
}

/** `Rosenbrock` or `scalar-heavy`. */
export function problemName(problem: Problem): string {
  return problem === 'rosenbrock' ? 'Rosenbrock' : 'scalar-heavy';
}

/** A short label such as `Rosenbrock, scalar loop, n = 1e5`. */
export function caseLabel(c: CaseSpec): string {
  return `${problemName(c.problem)}, ${c.style}, n = ${formatSize(c.n)}`;
}

/** `1000` as `1e3`, `100` as `100`: the sizes the issue names. */
export function formatSize(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) && e >= 3 ? `1e${e}` : String(n);
}

/**
 * The point every tool differentiates at: the same inputs as `../rosenbrock.bench.ts`, so the
 * numbers can be set beside each other.
 */
export function pointFor(problem: Problem, n: number): Float64Array {
  return problem === 'rosenbrock'
    ? Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * (i % 100))
    : Float64Array.from({ length: n }, (_, i) => Math.sin(i));
}
