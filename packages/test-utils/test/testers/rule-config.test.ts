import { describe, expect, it } from 'vitest';
import { zeroTangent, noTangent, type Real } from '@pullback/rules-core';
import { mul, sin, sum } from '@pullback/rules-core/math';
import { fdRuleConfig } from '../../src/testers/fd-rule-config.js';
import { ruleConfigFor } from '../../src/testers/rule-config.js';

const g = (f: (x: Real) => Real, p: { w: number[]; tag: string }, x: number): Real =>
  mul(sum(mul(p.w, p.w)), f(x));

describe.each([
  ['engine', ruleConfigFor],
  ['finite differences', fdRuleConfig],
] as const)('the %s RuleConfig', (_name, make) => {
  const args = [sin, { w: [1, 2], tag: 'k' }, 0.5] as const;
  const closeTo = (v: unknown, want: number) => expect(v as number).toBeCloseTo(want, 8);

  it('fruleViaAD pushes tangents forward over the argument tuple, constants held', () => {
    const config = make('forward');
    expect(config.mode).toBe('forward');
    const [y, dy] = config.fruleViaAD(
      g,
      [...args] as never,
      [noTangent, { w: [1, 0], tag: noTangent }, 1] as never,
    );
    closeTo(y, 5 * Math.sin(0.5));
    closeTo(dy, 2 * Math.sin(0.5) + 5 * Math.cos(0.5));
  });

  it('rruleViaAD pulls cotangents back into the arguments, noTangent for constants', () => {
    const config = make('reverse');
    const [y, back] = config.rruleViaAD(g, [...args] as never);
    closeTo(y, 5 * Math.sin(0.5));
    const [df, dp, dx] = back(2 as never) as unknown as [
      unknown,
      { w: ArrayLike<number>; tag: unknown },
      number,
    ];
    expect(df).toBe(noTangent);
    expect(dp.tag).toBe(noTangent);
    closeTo(dp.w[0], 2 * 2 * Math.sin(0.5));
    closeTo(dp.w[1], 2 * 4 * Math.sin(0.5));
    closeTo(dx, 2 * 5 * Math.cos(0.5));
    const zero = back(zeroTangent as never) as unknown as unknown[];
    expect(zero[0]).toBe(noTangent);
    expect(zero[2]).toBe(0);
  });
});
