import {
  ACTIVE,
  type Active,
  type DifferentiableFunction,
  type RuleConfig,
  type RulePart,
} from '@pullback/rules-core';
import {
  interpretersInFlight,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core/interpreter';
import { userLocation } from '../fallback/source-location.js';
import { someNode } from '../tree/walk.js';
import type { BoundaryHandler } from './boundary.js';
import { isOwnRule, ruleFailure } from './rule-failure.js';
import { checkCotangents, checkPair, checkPartials } from './rule-output.js';

/**
 * The engine's calls of user rules, one function per part: each runs the part, turns an error
 * it throws into `RuleError` (`rule-failure.ts`) and checks the structure of what it returns
 * (`rule-output.ts`). Tangents of frules are checked by the caller, against `y`. They take the
 * record and the mode apart, and allocate nothing unless a rule fails: rule calls are a hot
 * path whose cost is mostly garbage collection.
 */

type FruleFn = (args: unknown[], tangents: unknown[], config: RuleConfig) => unknown;
type RruleFn = (args: unknown[], config: RuleConfig) => unknown;
type PartialsFn = (...argsAndResult: unknown[]) => unknown;

/** Runs `rec`'s frule for an interpreter of `mode`: `[y, dy]`, checked to be a pair. */
export function callFrule(
  rec: DifferentiableRecord,
  mode: string,
  args: unknown[],
  tangents: unknown[],
  config: RuleConfig,
): [unknown, unknown] {
  let r: unknown;
  try {
    r = (rec.frule as unknown as FruleFn)(args, tangents, config);
  } catch (error) {
    throw ruleFailure({ rec, mode }, 'frule', error);
  }
  return checkPair(rec, mode, 'frule', r);
}

/** Runs `rec`'s rrule: `[y, pullback]`, the pullback checked to be a function. */
export function callRrule(
  rec: DifferentiableRecord,
  mode: string,
  args: unknown[],
  config: RuleConfig,
): [unknown, (dy: unknown) => unknown] {
  let r: unknown;
  try {
    r = (rec.rrule as unknown as RruleFn)(args, config);
  } catch (error) {
    throw ruleFailure({ rec, mode }, 'rrule', error);
  }
  return checkPair(rec, mode, 'rrule', r) as [unknown, (dy: unknown) => unknown];
}

/** Runs a pullback of `rec`'s rrule: one cotangent per argument of `args`, checked. */
export function callPullback(
  rec: DifferentiableRecord,
  mode: string,
  pullback: (dy: unknown) => unknown,
  dy: unknown,
  args: readonly unknown[],
): readonly unknown[] {
  let cts: unknown;
  try {
    cts = pullback(dy);
  } catch (error) {
    throw ruleFailure({ rec, mode }, 'pullback', error);
  }
  return checkCotangents(rec, mode, cts, args);
}

/**
 * Runs `rec`'s scalar partials at `vs` (the arguments one level down) and `y`, for an
 * interpreter of `mode`. The hottest rule call (every user `scalarRule`): nothing is allocated
 * unless it fails.
 */
export function callPartials(
  rec: DifferentiableRecord,
  mode: string,
  vs: readonly unknown[],
  y: unknown,
): readonly unknown[] {
  let ps: unknown;
  try {
    ps = (rec.partials as unknown as PartialsFn)(...vs, y);
  } catch (error) {
    throw ruleFailure({ rec, mode }, 'partials', error);
  }
  return checkPartials(rec, mode, ps, vs.length);
}

/** True when `y` and every partial are plain numbers: nothing there can be captured. */
export function numbersOnly(y: unknown, ps: readonly unknown[]): boolean {
  if (typeof y !== 'number') return false;
  for (let k = 0; k < ps.length; k++) if (typeof ps[k] !== 'number') return false;
  return true;
}

/**
 * True when `x` holds an active value of `interp` or of a pass nested inside it. A rule
 * receives its arguments one level below the pass that calls it, so such a value in its
 * output can only come from something the rule closes over: a value being differentiated,
 * which the rule treats as a constant (its derivative would be lost, or mixed up with the
 * rule's own tangents).
 */
export function holdsCaptured(interp: Interpreter, x: unknown): boolean {
  return someNode(x, (node) => {
    if (typeof node !== 'object' || node === null) return false;
    const owner = (node as Partial<Active>)[ACTIVE];
    if (owner === undefined) return undefined;
    return owner.level >= interp.level && interpretersInFlight()[owner.level] === owner;
  });
}

/**
 * Reports, through the fallback machinery, that `f`'s rule closes over a value being
 * differentiated and its body is traced instead (throws `FallbackError` under
 * `fallback: 'error'`).
 */
export function reportCapture(
  boundary: BoundaryHandler,
  interp: Interpreter,
  f: DifferentiableFunction,
  rec: DifferentiableRecord,
  part: RulePart,
): void {
  const name = rec.name;
  // pullback's own rules (differentiateWith's) run the function they were given.
  const what = isOwnRule(rec)
    ? 'the function'
    : part === 'pullback'
      ? 'the pullback of its rrule'
      : `its ${part}`;
  boundary.report(f, {
    functionName: name,
    mode: interp.mode,
    reason:
      `${name}: ${what} ${part === 'partials' ? 'close' : 'closes'} over a value being ` +
      'differentiated (computed from the input, not ' +
      `passed as one of ${name}'s arguments), whose derivative a rule cannot see. Pass that ` +
      (isOwnRule(rec)
        ? `value to ${name} as an argument, so that the backend it was given differentiates it.`
        : `value to ${name} as an argument to use the rule.`),
    replacement: 'traced body',
    // No lint rule sees a rule's closure yet.
    lintRule: '',
    // Tracing the body is exact: nothing is estimated.
    location: userLocation(new Error()),
    errorEstimate: 0,
    reliable: true,
  });
}
