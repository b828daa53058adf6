import {
  isAbstractZero,
  unthunk,
  zeroTangent,
  type Pullback,
  type RuleConfig,
  type Tangent,
  type Tangents,
} from '@pullback/rules-core';
import { forward, pullback, pushforward, reverse, type Input } from '@pullback/engine';
import { layoutOf, type Layout } from '../tree/layout.js';
import { readTangent } from '../tree/read-tangent.js';
import { rebuild } from '../tree/rebuild.js';
import { merge, mergeTangent, reals, stripped } from '../tree/split.js';
import { fdRuleConfig } from './fd-rule-config.js';

/**
 * The `RuleConfig` testers hand to rules: `fruleViaAD` and `rruleViaAD` run the engine's
 * `pushforward` (forward mode) and `pullback` (reverse mode) over the argument tuple as one
 * structured input, constants (functions, strings, flags) passed around it. When the engine
 * cannot differentiate the function as written it would fall back to its own finite
 * differences; the testers use their more accurate adaptive ones instead.
 */
export function ruleConfigFor(mode: 'forward' | 'reverse'): RuleConfig {
  const fallback = fdRuleConfig(mode);
  const fwd = forward({ fallback: 'error' });
  const rev = reverse({ fallback: 'error' });
  return {
    mode,
    fruleViaAD<A extends readonly unknown[], Y>(
      g: (...args: A) => Y,
      args: A,
      tangents: Tangents<A>,
    ): [Y, Tangent<Y>] {
      const layout: Layout = layoutOf(args);
      if (layout.size === 0) return [g(...args), zeroTangent as Tangent<Y>];
      const x = reals(layout, args) as Input;
      const dx = rebuild(stripped(layout), readTangent(layout, tangents, false, []), 0, true);
      const h = (part: unknown): unknown => g(...(merge(layout, part, args) as A));
      try {
        const y = g(...args);
        const ty = pushforward(h as never, fwd, x, dx as never);
        return [y, ty as Tangent<Y>];
      } catch (e) {
        if (isFallbackRefusal(e)) return fallback.fruleViaAD(g, args, tangents);
        throw e;
      }
    },
    rruleViaAD<A extends readonly unknown[], Y>(
      g: (...args: A) => Y,
      args: A,
    ): [Y, Pullback<A, Y>] {
      const layout: Layout = layoutOf(args);
      const y = g(...args);
      const x = reals(layout, args) as Input;
      const h = (part: unknown): unknown => g(...(merge(layout, part, args) as A));
      const back = (dy: unknown): never => {
        const u = unthunk(dy);
        if (isAbstractZero(u) || layout.size === 0) {
          return mergeTangent(
            layout,
            rebuild(stripped(layout), new Float64Array(layout.size), 0, true),
            args,
          ) as never;
        }
        try {
          const ct = pullback(h as never, rev, x, u as never);
          return mergeTangent(layout, ct, args) as never;
        } catch (e) {
          if (isFallbackRefusal(e)) return fallback.rruleViaAD(g, args)[1](dy as never) as never;
          throw e;
        }
      };
      return [y, back as Pullback<A, Y>];
    },
  };
}

function isFallbackRefusal(e: unknown): boolean {
  return e instanceof Error && e.name === 'FallbackError';
}
