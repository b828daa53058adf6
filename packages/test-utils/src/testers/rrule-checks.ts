import { isThunk, thunk, zeroTangent, type Pullback } from '@pullback/rules-core';
import { projectedDirectionalFd } from '../fdm/flat-problem.js';
import { close, fdSlack, dotWithScale } from '../numeric/compare.js';
import type { RuleCheck } from '../report/rule-test-error.js';
import { deepCopy } from '../tree/clone.js';
import { componentNames } from '../tree/component-names.js';
import { readTangent } from '../tree/read-tangent.js';
import { rebuild } from '../tree/rebuild.js';
import { argLabel, attempt, fail, type Harness } from './harness.js';
import { checkUnchanged } from './mutation-check.js';
import { checkPrimal } from './primal-check.js';
import { readCotangents } from './tangent-structure-check.js';

type AnyPullback = Pullback<readonly unknown[], unknown>;

/** Runs the rrule on copies; checks mutation, the result's shape and the primal. */
function runRrule(h: Harness): [unknown, AnyPullback, readonly unknown[]] | undefined {
  const rrule = h.rrule;
  if (rrule === undefined) return undefined;
  const args = deepCopy(h.args);
  const res = attempt(h, 'rrule(args, config)', () => rrule(args, h.config('reverse')));
  if (res === undefined) {
    h.args.forEach((a, k) =>
      checkUnchanged(h, 'inputs not mutated', argLabel(k), a, args[k], 'the rrule'),
    );
    return undefined;
  }
  if (!Array.isArray(res) || res.length !== 2 || typeof res[1] !== 'function') {
    fail(h, {
      check: 'rule runs',
      argument: '',
      component: '',
      expected: '[y, pullback]',
      actual: Array.isArray(res) ? `an array of length ${res.length}` : typeof res,
      note: 'rrule(args, config) must return the pair [y, pullback] with pullback a function',
    });
    return undefined;
  }
  checkPrimal(h, res[0], 'rrule');
  return [res[0], res[1] as AnyPullback, args];
}

/** Calls the pullback on a fresh copy of `dy`; `undefined` when it threw (recorded under `check`). */
function callPullback(
  h: Harness,
  pullback: AnyPullback,
  dy: unknown,
  call: string,
  check: RuleCheck,
): unknown {
  return attempt(h, call, () => pullback(deepCopy(dy) as never), check);
}

/** Cotangents as vectors without reporting structure problems (already reported once). */
function quietly(h: Harness, cts: unknown): (Float64Array | undefined)[] | undefined {
  if (!Array.isArray(cts) || cts.length !== h.args.length) return undefined;
  return h.argLayouts.map((l, k) => {
    const issues: { path: string; message: string }[] = [];
    const v = readTangent(l, cts[k], true, issues);
    return issues.length > 0 ? undefined : v;
  });
}

/** The offset of each argument's components in the flattened argument tuple. */
export function argumentOffsets(h: Harness): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const l of h.argLayouts) {
    offsets.push(at);
    at += l.size;
  }
  return offsets;
}

/**
 * The rrule's checks: it runs and leaves its inputs (and `dy`, and its output) alone, gives
 * the right primal, one cotangent per argument mirroring it (`noTangent` where there is no
 * tangent space), cotangents satisfying the adjoint identity against finite differences,
 * and a pullback that is linear, repeatable, indifferent to thunks and zero on zero.
 */
export function runRruleChecks(h: Harness): void {
  const ran = runRrule(h);
  if (ran === undefined) return;
  const [yRule, pullback, args] = ran;
  const yCopy = deepCopy(yRule);
  const dyForRule = deepCopy(h.dy);
  const cts = attempt(h, 'pullback(dy)', () => pullback(dyForRule as never));
  checkUnchanged(h, 'cotangent not mutated', 'dy', h.dy, dyForRule, 'the pullback');
  const vecs = cts === undefined ? undefined : readCotangents(h, cts, 'pullback(dy)');
  if (vecs !== undefined) {
    compareWithFd(h, vecs);
    checkRepeatable(h, pullback, vecs);
    checkThunked(h, pullback, vecs);
    checkThunksStable(h, cts as unknown[], vecs);
    checkLinear(h, pullback, vecs);
  }
  checkZeroCotangent(h, pullback);
  h.args.forEach((a, k) =>
    checkUnchanged(h, 'inputs not mutated', argLabel(k), a, args[k], 'the rrule or its pullback'),
  );
  checkUnchanged(h, 'inputs not mutated', 'y', yCopy, yRule, 'the pullback');
}

/**
 * The adjoint identity `<dy, J·dx> = <Jᵀdy, dx>`, argument by argument: with `dx` each unit
 * vector of an argument, the left side is the finite-difference derivative of `<dy, fn>` along
 * that component and the right side the component of the cotangent. Large arguments are
 * probed along random directions instead.
 */
function compareWithFd(h: Harness, vecs: readonly (Float64Array | undefined)[]): void {
  const offsets = argumentOffsets(h);
  const problem = h.problem();
  const n = h.argsLayout.size;
  h.argLayouts.forEach((layout, k) => {
    const v = vecs[k];
    if (v === undefined || layout.size === 0) return;
    const names = componentNames(layout);
    const record = (component: string, expected: number, actual: number, fdError: number): void => {
      fail(h, {
        check: 'rrule vs finite differences',
        argument: argLabel(k),
        component,
        expected,
        actual,
        fdError,
        note: Number.isNaN(expected)
          ? "finite differences gave NaN: the stencil probably left the function's domain; pass fdm: fdm({ maxRange }) with a smaller range, or test at another point"
          : 'a cotangent should be Jᵀdy, the derivative of <dy, fn(...args)> with respect to that argument',
      });
    };
    if (layout.size <= h.maxComponents) {
      const e = new Float64Array(n);
      for (let j = 0; j < layout.size; j++) {
        e[offsets[k] + j] = 1;
        const est = projectedDirectionalFd(problem, h.dyVec, e, h.method);
        e[offsets[k] + j] = 0;
        if (!close(v[j], est.value, h.rtol, h.atol, fdSlack(est.accuracy))) {
          record(names[j], est.value, v[j], est.accuracy);
        }
      }
      return;
    }
    for (let probe = 0; probe < 2; probe++) {
      const d = new Float64Array(n);
      for (let j = 0; j < layout.size; j++) d[offsets[k] + j] = h.rng.tangentEntry();
      const est = projectedDirectionalFd(problem, h.dyVec, d, h.method);
      const [actual, scale] = dotWithScale(v, d.subarray(offsets[k], offsets[k] + layout.size));
      if (!close(actual, est.value, h.rtol, h.atol, fdSlack(est.accuracy) + h.rtol * scale)) {
        record(`<ct, random direction ${probe + 1}>`, est.value, actual, fdSlack(est.accuracy));
      }
    }
  });
}

function compareCotangents(
  h: Harness,
  check: RuleCheck,
  reference: readonly (Float64Array | undefined)[],
  other: readonly (Float64Array | undefined)[] | undefined,
  note: string,
  slack: (k: number, j: number) => number = () => 0,
): void {
  if (other === undefined) {
    fail(h, {
      check,
      argument: '',
      component: '',
      expected: 'cotangents as before',
      actual: 'other structure',
      note,
    });
    return;
  }
  h.argLayouts.forEach((layout, k) => {
    const a = reference[k];
    const b = other[k];
    if (a === undefined || layout.size === 0) return;
    const names = componentNames(layout);
    if (b === undefined) {
      fail(h, {
        check,
        argument: argLabel(k),
        component: '',
        expected: 'as before',
        actual: 'other structure',
        note,
      });
      return;
    }
    for (let j = 0; j < a.length; j++) {
      if (!close(b[j], a[j], h.rtol, h.atol, slack(k, j))) {
        fail(h, {
          check,
          argument: argLabel(k),
          component: names[j],
          expected: a[j],
          actual: b[j],
          note,
        });
      }
    }
  });
}

function checkRepeatable(
  h: Harness,
  pullback: AnyPullback,
  vecs: readonly (Float64Array | undefined)[],
): void {
  const again = callPullback(h, pullback, h.dy, 'a second pullback(dy)', 'pullback repeatable');
  if (again === undefined) return;
  compareCotangents(
    h,
    'pullback repeatable',
    vecs,
    quietly(h, again),
    'a second call of the pullback with the same dy gave other cotangents (state kept between calls?)',
  );
}

function checkThunked(
  h: Harness,
  pullback: AnyPullback,
  vecs: readonly (Float64Array | undefined)[],
): void {
  const dy = deepCopy(h.dy);
  const res = attempt(
    h,
    'pullback(thunk(() => dy))',
    () => pullback(thunk(() => dy) as never),
    'thunked cotangent',
  );
  if (res === undefined) return;
  compareCotangents(
    h,
    'thunked cotangent',
    vecs,
    quietly(h, res),
    'pullback(thunk(() => dy)) differs from pullback(dy); call unthunk(dy) before using dy',
  );
}

function checkLinear(
  h: Harness,
  pullback: AnyPullback,
  vecs: readonly (Float64Array | undefined)[],
): void {
  const m = h.outLayout.size;
  if (m === 0) return;
  const u = h.dyVec;
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) w[i] = h.rng.tangentEntry();
  const a = h.rng.tangentEntry() * 2;
  const b = h.rng.tangentEntry() * 2;
  const mix = u.map((ui, i) => a * ui + b * w[i]);
  const pw = callPullback(
    h,
    pullback,
    rebuild(h.outLayout, w, 0, true),
    'pullback(dy2)',
    'pullback linearity',
  );
  const pmix = callPullback(
    h,
    pullback,
    rebuild(h.outLayout, mix, 0, true),
    'pullback(a·dy + b·dy2)',
    'pullback linearity',
  );
  if (pw === undefined || pmix === undefined) return;
  const vw = quietly(h, pw);
  const vmix = quietly(h, pmix);
  if (vw === undefined || vmix === undefined) return;
  const expected = vecs.map(
    (v, k) => v && vw[k] && v.map((x, j) => a * x + b * (vw[k] as Float64Array)[j]),
  );
  compareCotangents(
    h,
    'pullback linearity',
    expected,
    vmix,
    `pullback(a·dy + b·dy2) should equal a·pullback(dy) + b·pullback(dy2) (a = ${a.toFixed(3)}, b = ${b.toFixed(3)})`,
    (k, j) =>
      h.rtol *
      (Math.abs(a * (vecs[k] as Float64Array)[j]) + Math.abs(b * (vw[k] as Float64Array)[j])),
  );
}

function checkZeroCotangent(h: Harness, pullback: AnyPullback): void {
  const zeros = rebuild(h.outLayout, new Float64Array(h.outLayout.size), 0, true);
  for (const [dy, call] of [
    [zeroTangent, 'pullback(zeroTangent)'],
    [zeros, 'pullback(zeros)'],
  ] as const) {
    const res = callPullback(h, pullback, dy, call, 'zero cotangent');
    if (res === undefined) continue;
    const vecs = readCotangents(h, res, call);
    if (vecs === undefined) continue;
    vecs.forEach((v, k) => {
      if (v === undefined) return;
      const names = componentNames(h.argLayouts[k]);
      for (let j = 0; j < v.length; j++) {
        if (v[j] !== 0) {
          fail(h, {
            check: 'zero cotangent',
            argument: argLabel(k),
            component: names[j],
            expected: 0,
            actual: v[j],
            note: `${call} must give zero cotangents`,
          });
        }
      }
    });
  }
}

/**
 * A thunked cotangent must give the same value each time it is forced: rules-core's `thunk`
 * memoises, a hand-made thunk object may not (and then two consumers see different cotangents).
 */
function checkThunksStable(
  h: Harness,
  cts: readonly unknown[],
  vecs: readonly (Float64Array | undefined)[],
): void {
  h.argLayouts.forEach((layout, k) => {
    const t = cts[k];
    const first = vecs[k];
    if (!isThunk(t) || first === undefined) return;
    const again = attempt(
      h,
      `forcing the thunked cotangent of ${argLabel(k)} again`,
      () => t.force(),
      'thunked cotangent',
    );
    if (again === undefined) return;
    const v = readTangent(layout, again, true, []);
    const names = componentNames(layout);
    for (let j = 0; j < first.length; j++) {
      if (!close(v[j], first[j], h.rtol, h.atol)) {
        fail(h, {
          check: 'thunked cotangent',
          argument: argLabel(k),
          component: names[j],
          expected: first[j],
          actual: v[j],
          note: 'forcing the same thunk twice gave different values; build cotangent thunks with thunk(), which evaluates once',
        });
      }
    }
  });
}
