import type { Real } from '@pullback/rules-core';
import { checkOptions, COMMON_KEYS, shown, type FiniteDifferencesBackend } from './backend.js';
import {
  CENTRAL_STEP,
  centralDirectional,
  centralJacobian,
  FlatFunction,
} from '../fallback/finite-differences.js';
import { withCheckedOutput } from '../interpreters/user-output.js';
import { flattenReal, sizeOf, structureOf, unflattenReal } from '../tree/structure.js';
import { pullbackByJacobian, requireScalar, type DensePasses } from './dense-passes.js';
import { BackendOptionError } from '../errors.js';

/**
 * Central finite differences on `f` flattened (`FlatFunction`): one difference per direction,
 * or a whole Jacobian column by column; a pullback is `wᵀ J`.
 */
export const finiteDifferencePasses: DensePasses<FiniteDifferencesBackend> = {
  valueAndPushforwards(b, f, x, rest, tangents, ctx) {
    const F = new FlatFunction(withCheckedOutput(f, ctx.operator), x, rest);
    const y = F.value(F.x0);
    const ys = structureOf(y, 'f(x)', ctx.operator);
    const tys = tangents.map((t) =>
      unflattenReal(
        ys,
        centralDirectional(F, flattenReal(t, F.xs), b.relativeStep ?? CENTRAL_STEP),
      ),
    );
    return { y, tys };
  },
  valueAndPullback(b, f, x, rest, ctx) {
    return pullbackByJacobian(finiteDifferencePasses, b, f, x, rest, ctx);
  },
  valueAndJacobian(b, f, x, rest, ctx) {
    const n = sizeOf(structureOf(x));
    const F = new FlatFunction(withCheckedOutput(f, ctx.operator), x, rest);
    const { m, data } = centralJacobian(F, b.relativeStep ?? CENTRAL_STEP);
    return { y: F.value(F.x0), jacobian: { rows: m, cols: n, data } };
  },
  valueAndGradient(b, f, x, rest, ctx) {
    const xs = structureOf(x);
    const F = new FlatFunction(withCheckedOutput(f, ctx.operator), x, rest);
    const y = F.value(F.x0);
    requireScalar(y, ctx.operator);
    const { data } = centralJacobian(F, b.relativeStep ?? CENTRAL_STEP);
    return { y: y as Real, gradient: unflattenReal(xs, data) };
  },
  jacobianBuildPasses() {
    return 0;
  },
};

/** Central finite differences; `relativeStep`, when given, is a number in (0, 1). */
export function finiteDifferences(
  options: Omit<FiniteDifferencesBackend, 'kind'> = {},
): FiniteDifferencesBackend {
  const o = checkOptions('finiteDifferences', options, ['relativeStep', ...COMMON_KEYS]);
  const h = o.relativeStep;
  if (h !== undefined && !(typeof h === 'number' && h > 0 && h < 1)) {
    throw new BackendOptionError(
      'finiteDifferences',
      'relativeStep',
      `finiteDifferences({ relativeStep }): relativeStep must be a number between 0 and 1 (exclusive), such as 1e-6, got ${shown(h)}.`,
    );
  }
  return { ...options, kind: 'finiteDifferences' };
}
