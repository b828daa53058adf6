import type { Pullback, RuleConfig, Tangent, Tangents } from '@pullback/rules-core';
import { fdm } from '../fdm/fdm.js';
import { flatProblem, projectedDirectionalFd, directionalFd } from '../fdm/flat-problem.js';
import { deepCopy } from '../tree/clone.js';
import { layoutOf, type Layout } from '../tree/layout.js';
import { readTangent } from '../tree/read-tangent.js';
import { rebuild } from '../tree/rebuild.js';

/**
 * A `RuleConfig` that differentiates by finite differences. It is the fallback for calls the
 * engine cannot take (a function that is not differentiable code), never the default.
 */
export function fdRuleConfig(mode: 'forward' | 'reverse'): RuleConfig {
  const method = fdm({ maxRange: 1e-2 });
  return {
    mode,
    fruleViaAD<A extends readonly unknown[], Y>(
      g: (...args: A) => Y,
      args: A,
      tangents: Tangents<A>,
    ): [Y, Tangent<Y>] {
      const layout: Layout = layoutOf(args);
      const problem = flatProblem((xs) => g(...(xs as A)), deepCopy(args), 'g', layout);
      const dv = readTangent(layout, tangents, false, []);
      const dy = directionalFd(problem, dv, method).value;
      return [problem.y0 as Y, rebuild(problem.outLayout, dy, 0, true) as Tangent<Y>];
    },
    rruleViaAD<A extends readonly unknown[], Y>(
      g: (...args: A) => Y,
      args: A,
    ): [Y, Pullback<A, Y>] {
      const layout: Layout = layoutOf(args);
      const problem = flatProblem((xs) => g(...(xs as A)), deepCopy(args), 'g', layout);
      const pullback = (dy: unknown): never => {
        const w = readTangent(problem.outLayout, dy, false, []);
        const ct = new Float64Array(layout.size);
        const e = new Float64Array(layout.size);
        for (let j = 0; j < ct.length; j++) {
          e[j] = 1;
          ct[j] = projectedDirectionalFd(problem, w, e, method).value;
          e[j] = 0;
        }
        return rebuild(layout, ct, 0, true) as never;
      };
      return [problem.y0 as Y, pullback as Pullback<A, Y>];
    },
  };
}
