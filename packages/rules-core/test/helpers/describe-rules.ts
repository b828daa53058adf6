import { fc, test } from '@fast-check/vitest';
import { describe } from 'vitest';
import {
  checkAdjoint,
  checkAgainstDifferences,
  checkNested,
  checkTraced,
  type RuleCase,
} from './check-rules.js';

/** Which checks to run; all by default. */
export interface RuleChecks {
  readonly numRuns?: number;
  /** Skip the traced-body check (for functions whose body never sees an active value). */
  readonly traced?: boolean;
}

/**
 * For each case: the frule and rrule against central differences, their adjointness, their
 * own derivatives (nested duals) against central differences, and the traced body against the
 * frule.
 */
export function describeRules(cases: readonly RuleCase[], checks: RuleChecks = {}): void {
  // A failing check reports its first counterexample: shrinking a random direction says little,
  // and each shrinking step reruns finite differences.
  const params = { numRuns: checks.numRuns ?? 100, endOnFailure: true };
  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    test.prop([c.args, fc.gen()], params)(
      'frule and rrule agree with central differences',
      (args, g) => {
        checkAgainstDifferences(c, args, g);
      },
    );
    test.prop([c.args, fc.gen()], params)(
      'frule and rrule are adjoint (dot-product test)',
      (args, g) => {
        checkAdjoint(c, args, g);
      },
    );
    test.prop([c.args, fc.gen()], params)('the rules differentiate again', (args, g) => {
      checkNested(c, args, g);
    });
    if (checks.traced !== false) {
      test.prop([c.args, fc.gen()], params)(
        'the body traced with active values agrees with the frule',
        (args, g) => {
          checkTraced(c, args, g);
        },
      );
    }
  });
}
