import { unthunk, type Frule, type RuleConfig, type Rrule } from '@pullback/rules-core';
import { recordOf } from '@pullback/rules-core/interpreter';
import { fdm, type FiniteDifferenceMethod } from '../fdm/fdm.js';
import { flatProblem, type FlatProblem } from '../fdm/flat-problem.js';
import { Rng } from '../numeric/random.js';
import { RuleTestError, type RuleCheck, type RuleTestFailure } from '../report/rule-test-error.js';
import { deepCopy } from '../tree/clone.js';
import { kindOf } from '../tree/kind-of.js';
import { constantLayout, layoutOf, type Layout } from '../tree/layout.js';
import { readTangent, type StructureIssue } from '../tree/read-tangent.js';
import { rebuild } from '../tree/rebuild.js';
import { ruleConfigFor } from './rule-config.js';
import type { RuleTestOptions } from './rule-test-options.js';

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
