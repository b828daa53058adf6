import { close } from '../numeric/compare.js';
import { firstDifference } from '../tree/clone.js';
import { componentNames } from '../tree/component-names.js';
import { LayoutMismatch, flatten } from '../tree/flatten.js';
import { kindOf } from '../tree/kind-of.js';
import type { Layout } from '../tree/layout.js';
import { fail, type Harness } from './harness.js';

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
