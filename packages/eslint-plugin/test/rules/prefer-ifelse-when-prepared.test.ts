import { preferIfelseWhenPrepared } from '../../src/rules/prefer-ifelse-when-prepared.js';
import { lines, untypedRuleTester } from '../rule-tester.js';

const imports = lines(
  `import { prepareGradient, gradient, reverse } from '@pullback/engine';`,
  `import { primal, type RealArray } from '@pullback/rules-core';`,
  `import { at, gt, ifElse, mul, square } from '@pullback/rules-core/math';`,
);

untypedRuleTester().run('prefer-ifelse-when-prepared', preferIfelseWhenPrepared, {
  valid: [
    {
      name: 'ifElse traces both sides',
      code: lines(
        imports,
        `export const p = prepareGradient((x: RealArray) => ifElse(gt(at(x, 0), 0), square(at(x, 0)), mul(0, at(x, 0))), reverse(), [1]);`,
      ),
    },
    {
      name: 'an unprepared operator stays eager anyway',
      code: lines(
        imports,
        `export const g = gradient((x: RealArray) => (primal(at(x, 0)) > 0 ? square(at(x, 0)) : at(x, 0)), reverse(), [1]);`,
      ),
    },
    {
      name: 'a loop over sizes',
      code: lines(
        imports,
        `export const p = prepareGradient((x: RealArray) => { let s = mul(0, at(x, 0)); for (let i = 0; i < x.length; i++) s = mul(s, at(x, i)); return s; }, reverse(), [1]);`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a conditional on primals, with an ifElse suggestion',
      code: lines(
        imports,
        `export const p = prepareGradient((x: RealArray) => (primal(at(x, 0)) > 0 ? square(at(x, 0)) : mul(0.1, at(x, 0))), reverse(), [1]);`,
      ),
      errors: [
        {
          messageId: 'branchOnPrimal',
          data: { what: 'conditional', operator: 'prepareGradient', reads: 'primal()' },
          suggestions: [
            {
              messageId: 'useIfElse',
              data: { replacement: 'ifElse(gt(at(x, 0), 0), …)' },
              output: lines(
                imports,
                `export const p = prepareGradient((x: RealArray) => (ifElse(gt(at(x, 0), 0), square(at(x, 0)), mul(0.1, at(x, 0)))), reverse(), [1]);`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an if on a comparison function, which returns a plain boolean',
      code: lines(
        imports,
        `export const p = prepareGradient((x: RealArray) => { if (gt(at(x, 0), 1)) return square(at(x, 0)); return at(x, 0); }, reverse(), [1]);`,
      ),
      errors: [
        {
          messageId: 'branchOnPrimal',
          data: { what: 'if', operator: 'prepareGradient', reads: 'gt()' },
        },
      ],
    },
  ],
});
