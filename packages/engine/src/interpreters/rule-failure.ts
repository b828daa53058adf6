import {
  EscapedActiveError,
  PullbackError,
  RuleError,
  stopGradient,
  type RulePart,
} from '@pullback/rules-core';
import { recordOf, type DifferentiableRecord } from '@pullback/rules-core/interpreter';
import * as vocabulary from '@pullback/rules-core/math';

/** Which rule, called by which mode: what every message about a rule names. */
export interface RuleSite {
  readonly rec: DifferentiableRecord;
  readonly mode: string;
}

/**
 * The records of the rules pullback itself declares (the math vocabulary, `stopGradient`,
 * `differentiateWith`'s): an error thrown inside one of them is about how it was called (a
 * string passed to `mul`), not about a rule the user wrote, so it is not wrapped in `RuleError`.
 */
const ownRules = new WeakSet<DifferentiableRecord>();

/** True for the rules pullback itself declares. */
export function isOwnRule(rec: DifferentiableRecord): boolean {
  return ownRules.has(rec);
}

/** Marks `f`'s rules as pullback's own. */
export function markOwnRules(f: unknown): void {
  const rec = recordOf(f);
  if (rec !== undefined) ownRules.add(rec);
}

for (const f of Object.values(vocabulary)) markOwnRules(f);
markOwnRules(stopGradient);

/**
 * What the engine throws for an error a rule threw: pullback's own errors, and any error of
 * pullback's own rules, as they are; any other wrapped in `RuleError` naming the function, the
 * mode and the part (the original as `cause`). An `EscapedActiveError` from a user's pullback
 * gets a message that says what most likely happened: the pullback runs after the forward
 * pass has ended, so a value it closes over is no longer being differentiated.
 */
export function ruleFailure(site: RuleSite, part: RulePart, error: unknown): unknown {
  if (ownRules.has(site.rec)) return error;
  if (error instanceof EscapedActiveError && part === 'pullback') {
    const name = site.rec.name;
    const escaped = new EscapedActiveError(
      `The pullback returned by ${name}'s rrule used an active value after the ${site.mode} ` +
        'pass that created it had ended. A pullback runs after the forward pass, so it most likely ' +
        `closes over a value being differentiated (computed from the input) instead of receiving ` +
        `it as an argument: pass that value to ${name} as an argument, so the engine gives it its ` +
        'derivative.',
    );
    escaped.cause = error;
    return escaped;
  }
  if (error instanceof PullbackError) return error;
  return new RuleError(site.rec.name, site.mode, part, error);
}
