import {
  interpretedSecondOrderKernel,
  type SecondOrderLoop,
} from './interpreted-second-order-kernel.js';
import { compiledOnce } from '../../primitives/primitive-loops.js';
import type { KernelRef, KernelTrace } from './kernel-trace.js';
import { planKernel } from './kernel-plan.js';
import { adjointName, elementView, refName, shapeKey } from './kernel-source.js';
import type { CompiledElements } from './compiled-kernel.js';
import { hessianOf, sumOf, term } from '../../primitives/second-order-primitives.js';
import type {
  SecondOrderColumn,
  SecondOrderKernelPartials,
} from './second-order-kernel-partials.js';

/**
 * The second-order counterpart of compiled-kernel.ts, for `map`/`map2` inside a reverse pass
 * over an outer forward pass (forward-over-reverse hvps): the generated loop carries each
 * step's value with its tangents in the outer lanes forward, then sweeps the kernel's steps
 * back with (adjoint, adjoint tangents) pairs, using each primitive's second partials for the
 * tangents of its partials. That is forward over reverse on the kernel's straight-line code,
 * in local variables: no nested dual per operation.
 */

/** More outer lanes than this run on flat nested duals (the loop is unrolled over lanes). */
const MAX_LANES = 16;

/** The generated loop's source; `kinds` is value kind (`a`/`s`) and tangent kind (`A`/`S`/`N`). */
function source(trace: KernelTrace, kinds: readonly string[], lanes: number): string {
  const { arity: m, constants, output } = trace;
  // The caller passes hot primitives with second partials only.
  const steps = trace.steps.map((s) => {
    const h = s.primitive === undefined ? undefined : hessianOf(s.primitive);
    if (s.primitive === undefined || h === undefined)
      throw new Error('not a second-order primitive');
    return { p: s.primitive, h, a: s.args[0], b: s.args.length > 1 ? s.args[1] : undefined };
  });
  const L = Array.from({ length: lanes }, (_, l) => l);
  /** The tangent of an operand in lane `l`: a local, or the literal 0. */
  const tangent = (r: KernelRef, l: number): string =>
    r.kind === 'step'
      ? `t${r.k}_${l}`
      : r.kind === 'argument' && kinds[r.k][1] !== 'N'
        ? `dx${r.k}_${l}`
        : '0';
  const adjointTangent = (r: KernelRef, l: number): string | undefined =>
    r.kind === 'argument' ? `ht${r.k}_${l}` : r.kind === 'step' ? `gt${r.k}_${l}` : undefined;

  const lines: string[] = [];
  for (let k = 0; k < m; k++) {
    lines.push(`const X${k} = X[${k}], P${k} = P[${k}];`);
    for (const l of L) {
      lines.push(`const PT${k}_${l} = PT[${k}][${l}];`);
      if (kinds[k][1] === 'A') lines.push(`const TA${k}_${l} = TA[${k}][${l}];`);
      if (kinds[k][1] === 'S') lines.push(`const TS${k}_${l} = TS[${k}][${l}];`);
    }
  }
  for (const l of L) lines.push(`const TY${l} = TY[${l}];`);
  for (let k = 0; k < constants.length; k++) lines.push(`const c${k} = C[${k}];`);
  lines.push('for (let i = 0; i < n; i++) {');
  for (let k = 0; k < m; k++) {
    lines.push(`const x${k} = ${kinds[k][0] === 'a' ? `X${k}[i]` : `X${k}`};`);
    for (const l of L) {
      if (kinds[k][1] === 'A') lines.push(`const dx${k}_${l} = TA${k}_${l}[i];`);
      if (kinds[k][1] === 'S') lines.push(`const dx${k}_${l} = TS${k}_${l};`);
    }
  }
  // Forward: values and their tangents in the outer lanes.
  steps.forEach((s, j) => {
    const b = s.b === undefined ? '' : ` const b = ${refName(s.b)};`;
    const pb = s.b === undefined ? '' : ` const pb = ${s.p.spec.db};`;
    const tangents = L.map((l) => {
      const terms = term('pa', tangent(s.a, l));
      if (s.b !== undefined) terms.push(...term('pb', tangent(s.b, l)));
      return `t${j}_${l} = ${sumOf(terms)};`;
    });
    lines.push(
      `let v${j}; ${L.map((l) => `let t${j}_${l};`).join(' ')}`,
      `{ const a = ${refName(s.a)};${b} const y = ${s.p.spec.f}; v${j} = y; const pa = ${s.p.spec.da};${pb} ${tangents.join(' ')} }`,
    );
  });
  // Reverse: adjoints and their tangents, seeded at the output.
  for (let j = 0; j < steps.length; j++) {
    lines.push(`let g${j} = 0; ${L.map((l) => `let gt${j}_${l} = 0;`).join(' ')}`);
  }
  for (let k = 0; k < m; k++)
    lines.push(`let h${k} = 0; ${L.map((l) => `let ht${k}_${l} = 0;`).join(' ')}`);
  const seed = adjointName(output);
  if (seed !== undefined) lines.push(`${seed} = 1;`);
  for (let j = steps.length - 1; j >= 0; j--) {
    const s = steps[j];
    const h = s.h;
    const tb = (l: number): string => (s.b === undefined ? '0' : tangent(s.b, l));
    // The tangents of the partials in each lane: ṗa = haa·ȧ + hab·ḃ, ṗb = hab·ȧ + hbb·ḃ.
    const partialTangents: string[] = [];
    for (const l of L) {
      const ta = tangent(s.a, l);
      partialTangents.push(`const sa${l} = ${sumOf([...term(h.aa, ta), ...term(h.ab, tb(l))])};`);
      if (s.b !== undefined) {
        partialTangents.push(`const sb${l} = ${sumOf([...term(h.ab, ta), ...term(h.bb, tb(l))])};`);
      }
    }
    const sends: string[] = [];
    /** Sends step j's (adjoint, tangents) through partial `p`, whose tangent in lane l is `dp(l)`. */
    const send = (r: KernelRef, p: string, dp: (l: number) => string): void => {
      const g = adjointName(r);
      if (g === undefined) return;
      sends.push(`${g} += ${sumOf(term(p, `g${j}`))};`);
      for (const l of L) {
        const terms = [...term(p, `gt${j}_${l}`), ...term(dp(l), `g${j}`)];
        sends.push(`${adjointTangent(r, l)} += ${sumOf(terms)};`);
      }
    };
    send(s.a, 'pa', (l) => `sa${l}`);
    if (s.b !== undefined) send(s.b, 'pb', (l) => `sb${l}`);
    if (sends.length === 0) continue;
    const b = s.b === undefined ? '' : ` const b = ${refName(s.b)};`;
    const pb = s.b === undefined ? '' : ` const pb = ${s.p.spec.db};`;
    const live = [`g${j} !== 0`, ...L.map((l) => `gt${j}_${l} !== 0`)].join(' || ');
    lines.push(
      `if (${live}) { const a = ${refName(s.a)};${b} const y = v${j}; const pa = ${s.p.spec.da};${pb}`,
      ...partialTangents,
      ...sends,
      '}',
    );
  }
  lines.push(`Y[i] = ${refName(output)};`);
  for (const l of L) lines.push(`TY${l}[i] = ${tangent(output, l)};`);
  for (let k = 0; k < m; k++) {
    lines.push(`P${k}[i] = h${k};`);
    for (const l of L) lines.push(`PT${k}_${l}[i] = ht${k}_${l};`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** True when the second-order generator covers every step of `trace`. */
const secondOrderSteps = (trace: KernelTrace): boolean =>
  trace.steps.every((s) => s.primitive !== undefined && hessianOf(s.primitive) !== undefined);

/** `out` seen from element `i` on, one element long. */
function elementOf(out: SecondOrderKernelPartials, i: number): SecondOrderKernelPartials {
  const one = (a: Float64Array): Float64Array => elementView(a, i);
  return {
    y: one(out.y),
    ty: out.ty.map(one),
    partials: out.partials.map(one),
    partialTangents: out.partialTangents.map((lanes) => lanes.map(one)),
  };
}

/** Column `c` seen from element `i` on, one element long. */
function columnAt(c: SecondOrderColumn, i: number): SecondOrderColumn {
  if (c.array === undefined) return c;
  return {
    ...c,
    length: 1,
    array: elementView(c.array, i),
    arrayTangents: c.arrayTangents?.map((l) => elementView(l, i)),
  };
}

/**
 * Values, tangents, partials and partial tangents of `f` over the columns by generated loops,
 * written into `out`: every element when one record serves them all, else the elements the
 * kernel was traced on (kernel-plan.ts). `done` is 0 when `f` has no straight-line record over
 * primitives with second partials; the caller runs the remaining elements per element.
 */
export function compiledSecondOrderKernelPartials(
  f: (...args: never[]) => unknown,
  columns: readonly SecondOrderColumn[],
  n: number,
  lanes: number,
  out: SecondOrderKernelPartials,
): CompiledElements {
  if (lanes > MAX_LANES) return { done: 0, impure: undefined };
  const plan = planKernel(
    f,
    n,
    (i) => columns.map((c) => (c.array !== undefined ? c.array[i] : c.scalar)),
    secondOrderSteps,
  );
  if (plan === undefined) return { done: 0, impure: undefined };
  const kinds = columns.map(
    (c) =>
      (c.array !== undefined ? 'a' : 's') +
      (c.arrayTangents !== undefined ? 'A' : c.scalarTangents !== undefined ? 'S' : 'N'),
  );
  const run = (
    trace: KernelTrace,
    cols: readonly SecondOrderColumn[],
    count: number,
    o: SecondOrderKernelPartials,
  ): void => {
    const loop = compiledOnce<SecondOrderLoop>(
      shapeKey(`kernel2|${lanes}`, trace, kinds),
      ['n', 'X', 'TS', 'TA', 'C', 'Y', 'TY', 'P', 'PT'],
      () => source(trace, kinds, lanes),
      () => interpretedSecondOrderKernel(trace, kinds, lanes),
    );
    loop(
      count,
      cols.map((c) => c.array ?? c.scalar),
      cols.map((c) => c.scalarTangents),
      cols.map((c) => c.arrayTangents),
      trace.constants,
      o.y,
      o.ty,
      o.partials,
      o.partialTangents,
    );
  };
  if (plan.all) {
    run(plan.traces[0], columns, n, out);
    return { done: n, impure: undefined };
  }
  plan.traces.forEach((trace, i) =>
    run(
      trace,
      columns.map((c) => columnAt(c, i)),
      1,
      elementOf(out, i),
    ),
  );
  return { done: plan.traces.length, impure: plan.impure };
}
