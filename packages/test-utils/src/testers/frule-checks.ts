import { noTangent, zeroTangent } from '@pullback/rules-core';
import { directionalFd } from '../fdm/flat-problem.js';
import { close, fdSlack } from '../numeric/compare.js';
import { deepCopy } from '../tree/clone.js';
import { componentNames } from '../tree/component-names.js';
import type { Layout } from '../tree/layout.js';
import { readTangent } from '../tree/read-tangent.js';
import { rebuild } from '../tree/rebuild.js';
import { argLabel, attempt, fail, type Harness } from './harness.js';
import { checkUnchanged } from './mutation-check.js';
import { checkPrimal } from './primal-check.js';
import { readOutputTangent } from './tangent-structure-check.js';

/** Tangents that are zero except in argument `k`, which keeps `tangents[k]`. */
export function onlyArgument(h: Harness, k: number): unknown[] {
  return h.argLayouts.map((l, j) => (j === k ? deepCopy(h.tangents[j]) : zerosLike(l)));
}

/** A structural tangent of zeros mirroring `layout` (not `zeroTangent`: rules see real numbers). */
export function zerosLike(layout: Layout): unknown {
  return rebuild(layout, new Float64Array(layout.size), 0, true);
}

/** Runs the frule once on copies and checks mutation, primal and structure; returns its tangent. */
function runFrule(
  h: Harness,
  tangents: readonly unknown[],
  call: string,
): [unknown, unknown] | undefined {
  const frule = h.frule;
  if (frule === undefined) return undefined;
  const args = deepCopy(h.args);
  const given = deepCopy(tangents);
  const res = attempt(h, call, () => frule(args, given as never, h.config('forward')));
  h.args.forEach((a, k) =>
    checkUnchanged(h, 'inputs not mutated', argLabel(k), a, args[k], 'the frule'),
  );
  tangents.forEach((t, k) =>
    checkUnchanged(h, 'inputs not mutated', `tangents[${k}]`, t, given[k], 'the frule'),
  );
  if (res === undefined) return undefined;
  if (!Array.isArray(res) || res.length !== 2) {
    fail(h, {
      check: 'rule runs',
      argument: '',
      component: '',
      expected: '[y, dy]',
      actual: Array.isArray(res) ? `an array of length ${res.length}` : typeof res,
      note: `${call} must return the pair [y, dy]`,
    });
    return undefined;
  }
  return res as [unknown, unknown];
}

/**
 * The frule's checks: it runs, leaves its inputs alone, gives the right primal, a tangent of
 * the output's structure equal to the finite-difference JVP, and a zero tangent for zero
 * input tangents.
 */
export function runFruleChecks(h: Harness): void {
  const main = runFrule(h, h.tangents, 'frule(args, tangents, config)');
  if (main !== undefined) {
    const [yRule, dyRule] = main;
    checkPrimal(h, yRule, 'frule');
    const dyVec = readOutputTangent(h, dyRule, 'frule(args, tangents)');
    if (dyVec !== undefined && h.outLayout.size > 0) compareWithFd(h, dyVec);
  }
  checkZeroTangent(h);
}

function compareWithFd(h: Harness, dyVec: Float64Array): void {
  const est = directionalFd(h.problem(), h.dx, h.method);
  const bad = mismatches(h, dyVec, est.value, est.accuracy);
  if (bad.length === 0) return;
  // Find which arguments' contributions are wrong by giving the rule one tangent at a time.
  const culprits: number[] = [];
  const differentiable = h.argLayouts.map((l, k) => (l.size > 0 ? k : -1)).filter((k) => k >= 0);
  if (differentiable.length > 1) {
    for (const k of differentiable) {
      const tangents = onlyArgument(h, k);
      const res = runFrule(h, tangents, `frule with only ${argLabel(k)}'s tangent`);
      if (res === undefined) continue;
      const v = readTangent(h.outLayout, res[1], false, []);
      const dx = readTangent(h.argsLayout, tangents, false, []);
      const e = directionalFd(h.problem(), dx, h.method);
      if (mismatches(h, v, e.value, e.accuracy).length > 0) culprits.push(k);
    }
  } else {
    culprits.push(...differentiable);
  }
  const argument = culprits.length > 0 ? culprits.map(argLabel).join(', ') : 'all args together';
  const names = componentNames(h.outLayout, 'y');
  const nan = bad.some((i) => Number.isNaN(est.value[i]) && !Number.isNaN(dyVec[i]));
  for (const i of bad) {
    fail(h, {
      check: 'frule vs finite differences',
      argument,
      component: names[i],
      expected: est.value[i],
      actual: dyVec[i],
      fdError: est.accuracy,
      note: nan
        ? "finite differences gave NaN: the stencil probably left the function's domain; pass fdm: fdm({ maxRange }) with a smaller range, or test at another point"
        : culprits.length > 0 && differentiable.length > 1
          ? `the tangent is wrong when only ${culprits.map(argLabel).join(' or ')} is perturbed`
          : 'dy should be the directional derivative of fn along the tangents',
    });
  }
}

/** Indices where `actual` and the finite-difference `expected` disagree. */
export function mismatches(
  h: Harness,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  accuracy: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i], expected[i], h.rtol, h.atol, fdSlack(accuracy))) out.push(i);
  }
  return out;
}

function checkZeroTangent(h: Harness): void {
  const tangents = h.argLayouts.map((l) => (l.kind === 'constant' ? noTangent : zeroTangent));
  const res = runFrule(h, tangents, 'frule(args, [zeroTangent, ...])');
  if (res === undefined) return;
  const v = readOutputTangent(h, res[1], 'frule(args, [zeroTangent, ...])');
  if (v === undefined) return;
  const names = componentNames(h.outLayout, 'y');
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) {
      fail(h, {
        check: 'zero tangent',
        argument: 'y',
        component: names[i],
        expected: 0,
        actual: v[i],
        note: 'with zeroTangent for every argument the output tangent must be zero',
      });
    }
  }
}
