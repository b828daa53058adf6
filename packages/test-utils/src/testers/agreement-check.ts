import { close, dotWithScale } from '../numeric/compare.js';
import { deepCopy } from '../tree/clone.js';
import { readTangent } from '../tree/read-tangent.js';
import { onlyArgument } from './frule-checks.js';
import { argLabel, attempt, fail, type Harness } from './harness.js';

/**
 * The dot-product test between the two rules, argument by argument and without finite
 * differences: `<dy, frule(dxₖ)> = <pullback(dy)ₖ, dxₖ>`. It catches a rule pair that
 * disagrees even where finite differences are too noisy to say which is right.
 */
export function checkAgreement(h: Harness, from: 'frule' | 'rrule'): void {
  const { frule, rrule } = h;
  if (frule === undefined || rrule === undefined) return;
  const check = 'frule/rrule agreement';
  const res = attempt(
    h,
    'rrule(args, config)',
    () => rrule(deepCopy(h.args), h.config('reverse')),
    check,
  );
  if (!Array.isArray(res) || typeof res[1] !== 'function') return;
  const cts = attempt(h, 'pullback(dy)', () => res[1](deepCopy(h.dy) as never), check);
  if (!Array.isArray(cts) || cts.length !== h.args.length) return;
  h.argLayouts.forEach((layout, k) => {
    if (layout.size === 0) return;
    const issues: { path: string; message: string }[] = [];
    const ct = readTangent(layout, cts[k], true, issues);
    if (issues.length > 0) return;
    const tangents = onlyArgument(h, k);
    const fr = attempt(
      h,
      `frule with only ${argLabel(k)}'s tangent`,
      () => frule(deepCopy(h.args), tangents as never, h.config('forward')),
      check,
    );
    if (!Array.isArray(fr)) return;
    const jdx = readTangent(h.outLayout, fr[1], false, issues);
    if (issues.length > 0) return;
    const dxk = readTangent(layout, h.tangents[k], false, []);
    const [forward, fScale] = dotWithScale(h.dyVec, jdx);
    const [reverse, rScale] = dotWithScale(ct, dxk);
    if (close(reverse, forward, h.rtol, h.atol, h.rtol * (fScale + rScale))) return;
    fail(h, {
      check,
      argument: argLabel(k),
      component: from === 'frule' ? '<dy, frule(dx)>' : '<pullback(dy), dx>',
      expected: from === 'frule' ? reverse : forward,
      actual: from === 'frule' ? forward : reverse,
      note: '<dy, frule(dx)> and <pullback(dy), dx> differ for a tangent in this argument alone: the two rules disagree about its derivative',
    });
  });
}
