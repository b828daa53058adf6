import { describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import '@pullback/test-utils/vitest';
import { pointLike, ruleProperty } from '@pullback/test-utils';
import { forward, reverse } from '@pullback/engine';
import { logistic, logisticLoss, normalize, softplus } from '../src/custom-rules.js';
import { badcopy2, goodcopy } from '../src/talk/copies.js';
import { double, squareAll } from '../src/talk/homemade.js';
import { rosenbrock } from '../src/rosenbrock-newton.js';

describe('the examples’ custom rules, checked with @pullback/test-utils', () => {
  it('normalize satisfies its rrule at 100 random points away from the origin', () => {
    const x = pointLike(new Float64Array(4), { domain: { min: 0.2, max: 3 } });
    fc.assert(ruleProperty(normalize, [x]), { numRuns: 100 });
  });

  it('logistic and softplus satisfy both rules at 100 random points', () => {
    const t = fc.double({ min: -6, max: 6, noNaN: true });
    fc.assert(ruleProperty(logistic, [t], { rules: 'both' }), { numRuns: 100 });
    fc.assert(ruleProperty(softplus, [t], { rules: 'both' }), { numRuns: 100 });
  });

  it('the talk’s double and square satisfy their frules', () => {
    expect(double).toSatisfyFrule([new Float64Array([3, 5])]);
    expect(squareAll).toSatisfyFrule([new Float64Array([3, 5])]);
  });

  it('badcopy2’s rrule is the identity’s', () => {
    expect(badcopy2).toSatisfyRrule([new Float64Array([1, -2, 3])]);
  });

  it('user functions built on them match finite differences in both modes', () => {
    const w = new Float64Array([0.4, -1.1, 2.3]);
    expect(logisticLoss).toMatchFiniteDifferences(w, reverse());
    expect(logisticLoss).toMatchFiniteDifferences(w, forward());
    expect(goodcopy).toMatchFiniteDifferences(w, forward());
    expect(rosenbrock).toMatchFiniteDifferences(new Float64Array([-1.2, 1, 0.5]), reverse());
  });
});
