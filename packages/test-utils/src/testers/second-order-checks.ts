import { isAbstractZero, isActive, unthunk, type Real } from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';
import { forward, gradient, type Input } from '@pullback/engine';
import { flatProblem, partialFd } from '../fdm/flat-problem.js';
import { close, fdSlack } from '../numeric/compare.js';
import { deepCopy } from '../tree/clone.js';
import { componentNames } from '../tree/component-names.js';
import { flatten } from '../tree/flatten.js';
import type { Layout } from '../tree/layout.js';
import { merge, reals, stripped } from '../tree/split.js';
import { argLabel, fail, type Harness } from './harness.js';

/**
 * Rules must be differentiable code themselves, or higher derivatives through them are wrong
 * (ChainRules' "rules are written with differentiable primitives"). The check: a scalar made
 * from the rule's output — `<w, frule(args, dx)>` or `<pullback(dy), dx>` — is differentiated
 * with respect to the arguments by the engine (forward mode, through the rule, fallbacks
 * refused) and by finite differences of the same scalar; the two must agree.
 */
export function runSecondOrderChecks(h: Harness, which: 'frule' | 'rrule'): void {
  const layout = h.argsLayout;
  if (layout.size === 0) return;
  const inner = stripped(layout);
  const x = reals(layout, h.args);
  const scalar = which === 'frule' ? fruleScalar(h) : rruleScalar(h);
  if (scalar === undefined) return;
  const s = (part: unknown): Real => scalar(merge(layout, part, h.args) as unknown[]);
  let ad: Float64Array;
  try {
    const g = gradient(s as never, forward({ fallback: 'error' }), deepCopy(x) as Input);
    ad = flatten(inner, g);
  } catch (e) {
    fail(h, {
      check: 'second order',
      argument: '',
      component: '',
      expected: 'differentiable',
      actual: 'threw',
      note: `differentiating through the ${which} failed (is it written with the math vocabulary?): ${
        e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)
      }`,
    });
    return;
  }
  const problem = flatProblem(s as (p: unknown) => unknown, x, `the ${which}`, inner);
  const names = argumentComponentNames(h);
  for (let j = 0; j < layout.size; j++) {
    const est = partialFd(problem, j, h.method);
    if (!close(ad[j], est.value[0], h.rtol, h.atol, fdSlack(est.accuracy))) {
      fail(h, {
        check: 'second order',
        argument: `${names[j][0]} (${which})`,
        component: names[j][1],
        expected: est.value[0],
        actual: ad[j],
        fdError: est.accuracy,
        note: `the derivative of ${
          which === 'frule' ? '<w, frule tangent>' : '<pullback(dy), dx>'
        } taken through the rule by forward mode differs from finite differences: the rule drops or distorts derivatives (primal(), Math.*, a branch?)`,
      });
    }
  }
}

function fruleScalar(h: Harness): ((args: unknown[]) => Real) | undefined {
  const { frule } = h;
  if (frule === undefined) return undefined;
  const w = h.dyVec;
  const tangents = h.tangents;
  return (args) => {
    const [, dy] = frule(args, deepCopy(tangents) as never, h.config('forward'));
    return dotLeaves(h.outLayout, dy, w);
  };
}

function rruleScalar(h: Harness): ((args: unknown[]) => Real) | undefined {
  const { rrule } = h;
  if (rrule === undefined) return undefined;
  const dx = h.dx;
  return (args) => {
    const [, back] = rrule(args, h.config('reverse'));
    const cts = back(deepCopy(h.dy) as never) as unknown[];
    let total: Real = 0;
    let at = 0;
    h.argLayouts.forEach((l, k) => {
      total = add(total, dotLeaves(l, cts[k], dx.subarray(at, at + l.size)));
      at += l.size;
    });
    return total;
  };
}

/** `Σ wᵢ·tᵢ` over the real leaves of a tangent that may hold active values. */
function dotLeaves(layout: Layout, t: unknown, w: ArrayLike<number>): Real {
  const leaves: Real[] = [];
  collect(layout, t, leaves);
  let total: Real = 0;
  for (let i = 0; i < leaves.length && i < w.length; i++) {
    total = add(total, mul(w[i], leaves[i]));
  }
  return total;
}

function collect(layout: Layout, tangent: unknown, out: Real[]): void {
  const t = unthunk(tangent);
  const zeros = (): void => {
    for (let i = 0; i < layout.size; i++) out.push(0);
  };
  if (layout.size === 0) return;
  if (isAbstractZero(t)) return zeros();
  switch (layout.kind) {
    case 'number':
      out.push(t as Real);
      return;
    case 'array':
      return elements(t, layout.size, out);
    case 'matrix':
      return elements((t as { data: unknown }).data, layout.size, out);
    case 'tuple':
      layout.items.forEach((item, i) => collect(item, (t as unknown[])[i], out));
      return;
    case 'record':
      layout.keys.forEach((key, i) => {
        const field = (t as Record<string, unknown>)[key];
        if (field === undefined) {
          for (let j = 0; j < layout.fields[i].size; j++) out.push(0);
        } else collect(layout.fields[i], field, out);
      });
      return;
  }
}

function elements(t: unknown, n: number, out: Real[]): void {
  const u = unthunk(t);
  if (isAbstractZero(u)) {
    for (let i = 0; i < n; i++) out.push(0);
    return;
  }
  if (isActive(u) && !Array.isArray(u)) {
    // An engine's dense active array: read it element by element through the vocabulary.
    for (let i = 0; i < n; i++) out.push(at(u as never, i));
    return;
  }
  const xs = u as ArrayLike<Real>;
  for (let i = 0; i < n; i++) out.push(xs[i]);
}

/** `[argument, component]` for each flattened component of the argument tuple. */
function argumentComponentNames(h: Harness): [string, string][] {
  return h.argLayouts.flatMap((l, k) =>
    componentNames(l).map((c) => [argLabel(k), c] as [string, string]),
  );
}
