import type { RuleCheck } from '../report/rule-test-error.js';
import { firstDifference } from '../tree/clone.js';
import { pathParts } from '../tree/paths.js';
import { fail, type Harness } from './harness.js';

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
  const parts = pathParts(path);
  let v: unknown = root;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return 'modified';
    v = p.startsWith('[')
      ? (v as unknown[])[Number(p.slice(1, -1))]
      : (v as Record<string, unknown>)[p.slice(1)];
  }
  return typeof v === 'number' ? `now ${v}` : 'modified';
}
