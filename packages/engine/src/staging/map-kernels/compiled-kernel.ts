import { interpretedKernel, type KernelLoop } from './interpreted-kernel.js';
import { compiledOnce } from '../../primitives/primitive-loops.js';
import type { KernelTrace } from './kernel-trace.js';
import { planKernel } from './kernel-plan.js';
import { adjointName, elementView, refName, shapeKey } from './kernel-source.js';
import type { Column, KernelPartials } from './kernel-partials.js';

/**
 * Mixed mode for `map`/`map2` without a dual number per element: the kernel's straight-line
 * form (see kernel-trace.ts and kernel-plan.ts) becomes one generated loop that computes, per element, the
 * value and the partials with respect to each argument by a reverse sweep over the kernel's
 * steps held in local variables. The loop is generated once per shape of kernel (its steps and
 * which arguments are broadcast scalars) and reused; the numbers a kernel closes over are
 * passed in at each call, so a captured variable that changes between calls is read afresh.
 */

/** Thrown by a generated loop when a scalar rule gives something other than numbers. */
class NotNumeric extends Error {}
const notNumeric = (): never => {
  throw new NotNumeric();
};

/**
 * The generated loop's source for `trace` with these column kinds (`a`rray or `s`calar). A
 * hot primitive is inlined from its expressions; a scalar rule `q` is called as `Bq` (its body)
 * and `Qq` (its partials), whose results are checked to be numbers of the right count (`E`
 * abandons the loop otherwise, and the caller runs the kernel per element).
 */
function source(trace: KernelTrace, kinds: readonly string[]): string {
  const { arity: m, steps, constants, rules, output } = trace;
  const lines: string[] = [];
  for (let k = 0; k < m; k++) lines.push(`const X${k} = X[${k}], P${k} = P[${k}];`);
  for (let k = 0; k < constants.length; k++) lines.push(`const c${k} = C[${k}];`);
  for (let q = 0; q < rules.length; q++)
    lines.push(`const B${q} = R[${q}].body, Q${q} = R[${q}].partials;`);
  lines.push('for (let i = 0; i < n; i++) {');
  for (let k = 0; k < m; k++)
    lines.push(`const x${k} = ${kinds[k] === 'a' ? `X${k}[i]` : `X${k}`};`);
  steps.forEach((s, j) => {
    const args = s.args.map(refName);
    if (s.primitive === undefined) {
      lines.push(
        `const v${j} = B${s.rule}(${args.join(', ')}); if (typeof v${j} !== 'number') E();`,
      );
      return;
    }
    const b = s.args.length < 2 ? '' : ` const b = ${args[1]};`;
    lines.push(`let v${j}; { const a = ${args[0]};${b} v${j} = ${s.primitive.spec.f}; }`);
  });
  for (let j = 0; j < steps.length; j++) lines.push(`let g${j} = 0;`);
  for (let k = 0; k < m; k++) lines.push(`let h${k} = 0;`);
  const seed = adjointName(output);
  if (seed !== undefined) lines.push(`${seed} = 1;`);
  for (let j = steps.length - 1; j >= 0; j--) {
    const s = steps[j];
    const args = s.args.map(refName);
    // A zero adjoint sends nothing, as on the tape: 0 times an infinite partial is not NaN.
    if (s.primitive === undefined) {
      const nondiff = trace.rules[s.rule ?? -1].nondiff;
      const sends = s.args.flatMap((r, k) => {
        const target = adjointName(r);
        if (target === undefined || nondiff.includes(k)) return [];
        return [`{ const p = ps[${k}]; if (typeof p !== 'number') E(); ${target} += g${j} * p; }`];
      });
      if (sends.length === 0) continue;
      lines.push(
        `if (g${j} !== 0) { const ps = Q${s.rule}(${[...args, `v${j}`].join(', ')});`,
        `if (!Array.isArray(ps) || ps.length !== ${s.args.length}) E();`,
        ...sends,
        '}',
      );
      continue;
    }
    const sends: string[] = [];
    const ta = adjointName(s.args[0]);
    if (ta !== undefined) sends.push(`${ta} += g${j} * (${s.primitive.spec.da});`);
    const tb = s.args.length < 2 ? undefined : adjointName(s.args[1]);
    if (tb !== undefined) sends.push(`${tb} += g${j} * (${s.primitive.spec.db});`);
    if (sends.length === 0) continue;
    const b = s.args.length < 2 ? '' : ` const b = ${args[1]};`;
    lines.push(
      `if (g${j} !== 0) { const a = ${args[0]};${b} const y = v${j}; ${sends.join(' ')} }`,
    );
  }
  lines.push(`Y[i] = ${refName(output)};`);
  for (let k = 0; k < m; k++) lines.push(`P${k}[i] = h${k};`);
  lines.push('}');
  return lines.join('\n');
}

/** What the generated loops computed: the leading elements done, and why the kernel is impure when it was caught. */
export interface CompiledElements {
  readonly done: number;
  readonly impure: string | undefined;
}

/**
 * Values and partials of `f` over the columns by generated loops, written into `out`: every
 * element when one record serves them all, else the elements the kernel was traced on
 * (kernel-plan.ts). `done` is 0 when `f` has no straight-line record over hot primitives and
 * scalar rules; the caller runs the remaining elements per element.
 */
export function compiledKernelPartials(
  f: (...args: never[]) => unknown,
  columns: readonly Column[],
  n: number,
  out: KernelPartials,
): CompiledElements {
  const plan = planKernel(
    f,
    n,
    (i) => columns.map((c) => (typeof c === 'number' ? c : c[i])),
    () => true,
  );
  if (plan === undefined) return { done: 0, impure: undefined };
  const kinds = columns.map((c) => (typeof c === 'number' ? 's' : 'a'));
  const run = (
    trace: KernelTrace,
    X: readonly Column[],
    count: number,
    Y: Float64Array,
    P: Float64Array[],
  ) => {
    const loop = compiledOnce<KernelLoop>(
      shapeKey('kernel', trace, kinds),
      ['n', 'X', 'C', 'R', 'E', 'Y', 'P'],
      () => source(trace, kinds),
      () => interpretedKernel(trace, kinds),
    );
    loop(count, X, trace.constants, trace.rules, notNumeric, Y, P);
  };
  try {
    if (plan.all) {
      run(plan.traces[0], columns, n, out.y, out.partials);
      return { done: n, impure: undefined };
    }
    plan.traces.forEach((trace, i) =>
      run(
        trace,
        columns.map((c) => elementView(c, i)),
        1,
        elementView(out.y, i),
        out.partials.map((p) => elementView(p, i)),
      ),
    );
  } catch (error) {
    if (error instanceof NotNumeric) return { done: 0, impure: plan.impure };
    throw error;
  }
  return { done: plan.traces.length, impure: plan.impure };
}
