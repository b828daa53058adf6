import { noNondifferentiableMath } from '../../src/rules/no-nondifferentiable-math.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, primal, stopGradient } from '@pullback/rules-core';`;
const math = `import { add, mul, floor, sign, at } from '@pullback/rules-core/math';`;

untypedRuleTester().run('no-nondifferentiable-math', noNondifferentiableMath, {
  valid: [
    {
      name: 'stopGradient says the zero derivative is meant',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => mul(stopGradient(floor(x)), x));`,
      ),
    },
    {
      name: 'rounding that only steers: a condition and an index',
      code: lines(
        core,
        math,
        `export const f = differentiable((x, t) => {`,
        `  if (primal(floor(t)) > 2) return x;`,
        `  return at(x, Math.round(primal(t)));`,
        `});`,
      ),
    },
    {
      name: 'rounding a plain number',
      code: lines(
        core,
        math,
        `export const f = differentiable((x, n: number) => add(x, Math.floor(n / 2)), undefined, { nondiff: [1] });`,
      ),
    },
    {
      name: 'randomness outside differentiable code',
      code: lines(
        core,
        `export const seed = Math.random();`,
        `export function now() { return Date.now(); }`,
      ),
    },
    {
      name: 'nondeterminism is allowed with checkNondeterminism: false',
      code: lines(core, math, `export const f = differentiable((x) => mul(x, Math.random()));`),
      options: [{ checkNondeterminism: false }],
    },
  ],
  invalid: [
    {
      name: "the vocabulary's floor reaching the output",
      code: lines(core, math, `export const f = differentiable((x) => mul(floor(x), x));`),
      errors: [
        {
          messageId: 'zeroDerivative',
          data: { name: 'floor' },
          line: 3,
          column: 44,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'wrapInStopGradient',
              output: lines(
                core,
                math,
                `export const f = differentiable((x) => mul(stopGradient(floor(x)), x));`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: "Math's round, replaced by the vocabulary's and stopGradient",
      code: lines(
        `import { differentiable } from '@pullback/rules-core';`,
        `export const f = differentiable((x) => Math.round(x));`,
      ),
      errors: [
        {
          messageId: 'zeroDerivative',
          data: { name: 'Math.round' },
          line: 2,
          column: 40,
          suggestions: [
            {
              messageId: 'wrapInStopGradient',
              output: lines(
                `import { differentiable, stopGradient } from '@pullback/rules-core';`,
                `import { round } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x) => stopGradient(round(x)));`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'Math.trunc has no vocabulary counterpart to suggest',
      code: lines(core, `export const f = differentiable((x) => Math.trunc(x));`),
      errors: [
        {
          messageId: 'zeroDerivative',
          data: { name: 'Math.trunc' },
          line: 2,
          column: 40,
          suggestions: [],
        },
      ],
    },
    {
      name: 'through a variable',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => {`,
        `  const s = sign(x);`,
        `  return mul(s, x);`,
        `});`,
      ),
      errors: [
        {
          messageId: 'zeroDerivative',
          data: { name: 'sign' },
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'wrapInStopGradient',
              output: lines(
                core,
                math,
                `export const f = differentiable((x) => {`,
                `  const s = stopGradient(sign(x));`,
                `  return mul(s, x);`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'randomness and time in differentiable code',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => {`,
        `  const noise = Math.random() * 1e-3;`,
        `  const t = Date.now() - new Date().getTime();`,
        `  return add(x, noise + t);`,
        `});`,
      ),
      errors: [
        {
          messageId: 'nondeterministic',
          data: { name: 'Math.random()' },
          line: 4,
          column: 17,
          endColumn: 30,
        },
        { messageId: 'nondeterministic', data: { name: 'Date.now()' }, line: 5, column: 13 },
        {
          messageId: 'nondeterministic',
          data: { name: 'new Date()' },
          line: 5,
          column: 26,
          endColumn: 36,
        },
      ],
    },
  ],
});

typedRuleTester().run('no-nondifferentiable-math (type-aware)', noNondifferentiableMath, {
  valid: [
    {
      name: 'a number-typed argument listed in nondiff is not active',
      code: lines(
        `import { differentiable, type Real } from '@pullback/rules-core';`,
        `import { add, floor } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real, n: number) => add(x, floor(n)), undefined, { nondiff: [1] });`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a Real argument may be active',
      code: lines(
        `import { differentiable, type Real } from '@pullback/rules-core';`,
        `import { floor } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => floor(x));`,
      ),
      errors: [
        {
          messageId: 'zeroDerivative',
          line: 3,
          column: 46,
          suggestions: [
            {
              messageId: 'wrapInStopGradient',
              output: lines(
                `import { differentiable, type Real, stopGradient } from '@pullback/rules-core';`,
                `import { floor } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x: Real) => stopGradient(floor(x)));`,
              ),
            },
          ],
        },
      ],
    },
  ],
});
