import { unthunk, type Frule, type RuleConfig, type Rrule } from '@pullback/rules-core';
import { recordOf } from '@pullback/rules-core/interpreter';
import { fdm, type FiniteDifferenceMethod } from '../fdm/fdm.js';
import { RuleTestError, type RuleCheck, type RuleTestFailure } from '../report/rule-test-error.js';
import type { RuleTestOptions } from '../testers/rule-test-options.js';
import { deepCopy, firstDifference } from './clone.js';
import { close } from './compare.js';
import { flatProblem, type FlatProblem } from './flat.js';
import {
  LayoutMismatch,
  componentNames,
  constantLayout,
  flatten,
  kindOf,
  layoutOf,
  readTangent,
  rebuild,
  type Layout,
  type StructureIssue,
} from './layout.js';
import { Rng } from './random.js';
import { ruleConfigFor } from './rule-config.js';

/** Everything the checks of one tester run share. */
export interface Harness {
  readonly tester: string;
  readonly fn: (...args: unknown[]) => unknown;
  readonly name: string;
  readonly frule: Frule<readonly unknown[], unknown> | undefined;
  readonly rrule: Rrule<readonly unknown[], unknown> | undefined;
  /** Pristine copy of the arguments; never handed to anything. */
  readonly args: readonly unknown[];
  readonly nondiff: ReadonlySet<number>;
  readonly argLayouts: readonly Layout[];
  /** The arguments as one tuple, constants for non-differentiable ones. */
  readonly argsLayout: Layout;
  readonly rtol: number;
  readonly atol: number;
  readonly method: FiniteDifferenceMethod;
  readonly seed: number;
  readonly rng: Rng;
  readonly order: 1 | 2;
  readonly maxComponents: number;
  readonly options: RuleTestOptions;
  /** `fn(...args)` as the function itself computes it. */
  readonly y: unknown;
  readonly outLayout: Layout;
  /** One tangent per argument (given or random) and the same flattened. */
  readonly tangents: readonly unknown[];
  readonly dx: Float64Array;
  /** The output cotangent (given or random) and the same flattened. */
  readonly dy: unknown;
  readonly dyVec: Float64Array;
  readonly failures: RuleTestFailure[];
  /** Inputs worth printing in a report, by name. */
  readonly shown: Record<string, unknown>;
  /** The function over the flattened differentiable arguments (built on first use). */
  problem(): FlatProblem;
  config(mode: 'forward' | 'reverse'): RuleConfig;
}

/** The label of argument `k` in reports. */
export const argLabel = (k: number): string => `args[${k}]`;

/** Sets up a tester run: resolves the rules, copies the arguments, draws the random inputs. */
export function prepare(
  tester: string,
  fn: (...args: never[]) => unknown,
  args: readonly unknown[],
  options: RuleTestOptions,
): Harness {
  if (typeof fn !== 'function') {
    throw new TypeError(`${tester}(fn, args): fn must be a function, got ${kindOf(fn)}.`);
  }
  if (!Array.isArray(args)) {
    throw new TypeError(
      `${tester}(fn, args): args must be the array of arguments, e.g. ${tester}(f, [x, y]); got ${kindOf(args)}.`,
    );
  }
  const record = recordOf(fn);
  const name = record?.name || fn.name || 'anonymous';
  // A record may list optional arguments the call leaves out (similar's length); ignore those.
  const nondiff = new Set([
    ...(record?.nondiff ?? []).filter((k) => k < args.length),
    ...(options.nondiff ?? []),
  ]);
  for (const k of nondiff) {
    if (!Number.isInteger(k) || k < 0 || k >= args.length) {
      throw new RangeError(
        `${tester}(${name}): nondiff index ${k} is not an argument index (0..${args.length - 1}).`,
      );
    }
  }
  const pristine = deepCopy(args);
  const argLayouts = pristine.map((a, k) => (nondiff.has(k) ? constantLayout(a) : layoutOf(a)));
  const argsLayout: Layout = {
    kind: 'tuple',
    size: argLayouts.reduce((s, l) => s + l.size, 0),
    items: argLayouts,
  };
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const call = fn as unknown as (...xs: unknown[]) => unknown;
  const y = call(...deepCopy(pristine));
  const outLayout = layoutOf(y);

  let tangents: readonly unknown[];
  if (options.tangents !== undefined) {
    if (!Array.isArray(options.tangents) || options.tangents.length !== args.length) {
      throw new TypeError(
        `${tester}(${name}): options.tangents must hold one tangent per argument (${args.length}).`,
      );
    }
    tangents = deepCopy(options.tangents);
  } else {
    tangents = argLayouts.map((l) => randomTangent(l, rng));
  }
  const issues: StructureIssue[] = [];
  const dx = readTangent(argsLayout, tangents, false, issues);
  if (issues.length > 0) {
    throw new TypeError(
      `${tester}(${name}): options.tangents do not fit the arguments: ${issues
        .map((i) => `tangents${i.path}: ${i.message}`)
        .join('; ')}.`,
    );
  }
  const dy =
    // A thunked cotangent is forced here: the thunk check wraps dy in a thunk of its own.
    options.cotangent !== undefined
      ? deepCopy(unthunk(options.cotangent))
      : randomTangent(outLayout, rng);
  const dyIssues: StructureIssue[] = [];
  const dyVec = readTangent(outLayout, dy, false, dyIssues);
  if (dyIssues.length > 0) {
    throw new TypeError(
      `${tester}(${name}): options.cotangent does not fit fn's output: ${dyIssues
        .map((i) => `dy${i.path}: ${i.message}`)
        .join('; ')}.`,
    );
  }
  let problem: FlatProblem | undefined;
  const rules = record;
  return {
    tester,
    fn: call,
    name,
    frule: rules?.frule as Frule<readonly unknown[], unknown> | undefined,
    rrule: rules?.rrule as Rrule<readonly unknown[], unknown> | undefined,
    args: pristine,
    nondiff,
    argLayouts,
    argsLayout,
    rtol: options.rtol ?? 1e-9,
    atol: options.atol ?? 1e-9,
    method: options.fdm ?? fdm({ maxRange: 1e-2 }),
    seed,
    rng,
    order: options.order ?? 1,
    maxComponents: options.maxComponents ?? 64,
    options,
    y,
    outLayout,
    tangents,
    dx,
    dy,
    dyVec,
    failures: [],
    shown: {},
    problem() {
      problem ??= flatProblem((xs) => call(...(xs as unknown[])), pristine, name, argsLayout);
      return problem;
    },
    config(mode) {
      return options.config ?? ruleConfigFor(mode);
    },
  };
}

/** A random tangent for a value laid out as `layout`, mirroring its containers. */
export function randomTangent(layout: Layout, rng: Rng): unknown {
  const v = new Float64Array(layout.size);
  for (let i = 0; i < v.length; i++) v[i] = rng.tangentEntry();
  return rebuild(layout, v, 0, true);
}

/** Records a failure. */
export function fail(h: Harness, failure: RuleTestFailure): void {
  // Several calls of a rule may hit the same fault (a rule that mutates its input does so on
  // every call); one row says it.
  const seen = h.failures.some(
    (f) =>
      f.check === failure.check &&
      f.argument === failure.argument &&
      f.component === failure.component &&
      String(f.expected) === String(failure.expected) &&
      String(f.actual) === String(failure.actual),
  );
  if (!seen) h.failures.push(failure);
}

/** Runs `body`; if it throws, records a `rule runs` failure naming `what` and returns `undefined`. */
export function attempt<T>(
  h: Harness,
  what: string,
  body: () => T,
  check: RuleCheck = 'rule runs',
): T | undefined {
  try {
    return body();
  } catch (e) {
    const err = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    fail(h, {
      check,
      argument: '',
      component: '',
      expected: 'no exception',
      actual: 'threw',
      note: `${what} threw ${err.split('\n')[0]}`,
    });
    return undefined;
  }
}

/** Throws the collected failures, if any, as one `RuleTestError`. */
export function finish(h: Harness): void {
  if (h.failures.length === 0) return;
  throw new RuleTestError(
    {
      tester: h.tester,
      functionName: h.name,
      args: h.args,
      inputs: h.shown,
      seed: h.seed,
      rtol: h.rtol,
      atol: h.atol,
    },
    h.failures,
  );
}

/** The rule's primal must equal `fn(...args)`. */
export function checkPrimal(h: Harness, yRule: unknown, ruleName: string): void {
  const layout = h.outLayout;
  let actual: Float64Array;
  try {
    actual = flatten(layout, yRule);
  } catch (e) {
    const detail = e instanceof LayoutMismatch ? e.message : String(e);
    fail(h, {
      check: 'primal',
      argument: 'y',
      component: e instanceof LayoutMismatch ? `y${e.path}` : 'y',
      expected: kindOf(h.y),
      actual: kindOf(yRule),
      note: `the ${ruleName}'s primal has another structure than fn(...args): ${detail}`,
    });
    return;
  }
  const expected = flatten(layout, h.y);
  const names = componentNames(layout, 'y');
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i], expected[i], h.rtol, h.atol)) {
      fail(h, {
        check: 'primal',
        argument: 'y',
        component: names[i],
        expected: expected[i],
        actual: actual[i],
        note: `the ${ruleName}'s primal differs from fn(...args)`,
      });
    }
  }
  if (layout.kind === 'constant' || hasConstants(layout)) {
    const d = firstDifference(stripNumbers(layout, yRule), stripNumbers(layout, h.y), 'y');
    if (d !== undefined) {
      fail(h, {
        check: 'primal',
        argument: 'y',
        component: d,
        expected: 'as fn(...args)',
        actual: 'different',
        note: `a non-numeric part of the ${ruleName}'s primal differs from fn(...args)`,
      });
    }
  }
}

function hasConstants(layout: Layout): boolean {
  if (layout.kind === 'constant') return true;
  if (layout.kind === 'tuple') return layout.items.some(hasConstants);
  if (layout.kind === 'record') return layout.fields.some(hasConstants);
  return false;
}

/** The value with every real replaced by 0, so only its non-numeric parts are compared. */
function stripNumbers(layout: Layout, v: unknown): unknown {
  switch (layout.kind) {
    case 'constant':
      return v;
    case 'tuple':
      return layout.items.map((l, i) => stripNumbers(l, (v as unknown[])[i]));
    case 'record':
      return Object.fromEntries(
        layout.keys.map((k, i) => [
          k,
          stripNumbers(layout.fields[i], (v as Record<string, unknown>)[k]),
        ]),
      );
    default:
      return 0;
  }
}

/** Reports every difference between `now` and the pristine `before` under check `inputs not mutated`. */
export function checkUnchanged(
  h: Harness,
  check: RuleCheck,
  label: string,
  before: unknown,
  now: unknown,
  when: string,
): void {
  const d = firstDifference(now, before);
  if (d === undefined) return;
  fail(h, {
    check,
    argument: label,
    component: d,
    expected: 'unchanged',
    actual: describeAt(now, d),
    note: `${when} wrote into ${label}${d}; rules must not mutate what they are given (copy first)`,
  });
}

function describeAt(root: unknown, path: string): string {
  const parts = path.match(/\[\d+\]|\.[^.[]+/g) ?? [];
  let v: unknown = root;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return 'modified';
    v = p.startsWith('[')
      ? (v as unknown[])[Number(p.slice(1, -1))]
      : (v as Record<string, unknown>)[p.slice(1)];
  }
  return typeof v === 'number' ? `now ${v}` : 'modified';
}

/**
 * Reads the cotangents a pullback returned, recording structure failures; returns one vector
 * per argument, or `undefined` for arguments whose cotangent could not be read.
 */
export function readCotangents(
  h: Harness,
  cts: unknown,
  call: string,
): (Float64Array | undefined)[] | undefined {
  if (!Array.isArray(cts)) {
    fail(h, {
      check: 'rule runs',
      argument: '',
      component: '',
      expected: `${h.args.length} cotangents`,
      actual: kindOf(cts),
      note: `${call} must return an array with one cotangent per argument`,
    });
    return undefined;
  }
  if (cts.length !== h.args.length) {
    fail(h, {
      check: 'tangent structure',
      argument: '',
      component: '',
      expected: `${h.args.length} cotangents`,
      actual: `${cts.length} cotangents`,
      note: `${call} must return one cotangent per argument, noTangent for those without a tangent space`,
    });
    return undefined;
  }
  return h.argLayouts.map((layout, k) => {
    const issues: StructureIssue[] = [];
    const v = readTangent(layout, cts[k], true, issues);
    for (const issue of issues) {
      fail(h, {
        check: 'tangent structure',
        argument: argLabel(k),
        component: issue.path,
        expected: expectedKind(layout, issue.path),
        actual: kindAt(unthunk(cts[k]), issue.path),
        note: `${call}: ${issue.message}`,
      });
    }
    return issues.length > 0 ? undefined : v;
  });
}

/** Reads the tangent an frule returned, recording structure failures. */
export function readOutputTangent(h: Harness, dy: unknown, call: string): Float64Array | undefined {
  const issues: StructureIssue[] = [];
  const v = readTangent(h.outLayout, dy, false, issues);
  for (const issue of issues) {
    fail(h, {
      check: 'tangent structure',
      argument: 'y',
      component: `y${issue.path}`,
      expected: expectedKind(h.outLayout, issue.path),
      actual: kindAt(unthunk(dy), issue.path),
      note: `${call}: ${issue.message}`,
    });
  }
  return issues.length > 0 ? undefined : v;
}

function expectedKind(layout: Layout, path: string): string {
  const parts = path.match(/\[\d+\]|\.[^.[]+/g) ?? [];
  let l: Layout | undefined = layout;
  for (const p of parts) {
    if (l === undefined) break;
    if (l.kind === 'tuple') l = l.items[Number(p.slice(1, -1))];
    else if (l.kind === 'record') l = l.fields[l.keys.indexOf(p.slice(1))];
    else if (l.kind === 'array' || l.kind === 'matrix') return 'a number';
    else break;
  }
  if (l === undefined) return 'nothing';
  switch (l.kind) {
    case 'number':
      return 'a number';
    case 'array':
      return `array of length ${l.size}`;
    case 'matrix':
      return `${l.rows}x${l.cols} matrix`;
    case 'tuple':
      return `array of length ${l.items.length}`;
    case 'record':
      return 'an object';
    case 'constant':
      return 'noTangent';
  }
}

function kindAt(root: unknown, path: string): string {
  const parts = path.match(/\[\d+\]|\.[^.[]+/g) ?? [];
  let v: unknown = root;
  for (const p of parts) {
    v = unthunk(v);
    if (v === null || typeof v !== 'object') return kindOf(v);
    v = p.startsWith('[')
      ? (v as unknown[])[Number(p.slice(1, -1))]
      : (v as Record<string, unknown>)[p.slice(1)];
  }
  return kindOf(unthunk(v));
}
