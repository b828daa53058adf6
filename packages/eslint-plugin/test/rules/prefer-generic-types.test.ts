import { preferGenericTypes } from '../../src/rules/prefer-generic-types.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, scalarRule } from '@pullback/rules-core';`;
const math = `import { mul, exp, cos, sum, at, dot } from '@pullback/rules-core/math';`;

untypedRuleTester().run('prefer-generic-types', preferGenericTypes, {
  valid: [
    {
      name: 'generic annotations',
      code: lines(
        `import { differentiable, type Real, type RealArray } from '@pullback/rules-core';`,
        math,
        `export const f = differentiable((x: RealArray, w: Real): Real => mul(sum(x), w));`,
      ),
    },
    {
      name: 'an index stays a number',
      code: lines(core, math, `export const pick = differentiable((x, i: number) => at(x, i));`),
    },
    {
      name: 'a count stays a number',
      code: lines(
        core,
        math,
        `export const powerSum = differentiable((x, n: number) => {`,
        `  let s = x;`,
        `  for (let k = 1; k < n; k++) s = mul(s, x);`,
        `  return s;`,
        `});`,
      ),
    },
    {
      name: 'an argument the rrule gives noTangent has no tangent space',
      code: lines(
        `import { differentiable, noTangent, type Real } from '@pullback/rules-core';`,
        `import { mul, pow, sub } from '@pullback/rules-core/math';`,
        `export const power = differentiable((x: Real, n: number) => pow(x, n), {`,
        `  rrule: ([x, n]) => [pow(x, n), (dy) => [mul(dy, mul(n, pow(x, sub(n, 1)))), noTangent]],`,
        `});`,
      ),
    },
    {
      name: 'an argument listed in options.nondiff has no tangent space',
      code: lines(
        `import { differentiable, type Real } from '@pullback/rules-core';`,
        `import { pow } from '@pullback/rules-core/math';`,
        `export const power = differentiable((x: Real, n: number) => pow(x, n), {}, { nondiff: [1] });`,
      ),
    },
    {
      name: "an operator's extra arguments are constants",
      code: lines(
        `import { gradient, reverse } from '@pullback/engine';`,
        math,
        `gradient((x, scale: number) => mul(sum(x), scale), reverse(), [1, 2], 3);`,
      ),
    },
    {
      name: 'a helper that returns a size may say number',
      code: lines(
        core,
        math,
        `function last(x: unknown[]): number {`,
        `  return x.length - 1;`,
        `}`,
        `export const f = differentiable((x) => at(x, last(x)));`,
      ),
    },
    {
      name: "scalarRule's primal function is declared on numbers",
      code: lines(
        core,
        math,
        `export const softplus = scalarRule((x: number): number => Math.log1p(Math.exp(x)), (x) => [cos(x)]);`,
      ),
    },
    {
      name: 'code that is not differentiable',
      code: lines(core, `export function area(r: number): number {`, `  return r * r;`, `}`),
    },
  ],
  invalid: [
    {
      name: "the talk's badcopy",
      code: lines(
        core,
        `export const badcopy = differentiable(function badcopy(x: Float64Array) {`,
        `  const y = new Float64Array(x.length);`,
        `  for (let i = 0; i < x.length; i++) y[i] = x[i];`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'parameter',
          data: { name: 'x', type: 'Float64Array', replacement: 'RealArray' },
          line: 2,
          column: 59,
          endLine: 2,
          endColumn: 71,
          // x[i] does not compile on a RealArray: retyping is a step, not an automatic fix.
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'RealArray' },
              output: lines(
                `import { differentiable, scalarRule, type RealArray } from '@pullback/rules-core';`,
                `export const badcopy = differentiable(function badcopy(x: RealArray) {`,
                `  const y = new Float64Array(x.length);`,
                `  for (let i = 0; i < x.length; i++) y[i] = x[i];`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a number parameter and a number return type get suggestions',
      code: lines(core, math, `export const f = differentiable((x: number): number => mul(x, x));`),
      errors: [
        {
          messageId: 'parameter',
          data: { name: 'x', type: 'number', replacement: 'Real' },
          line: 3,
          column: 37,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'Real' },
              output: lines(
                `import { differentiable, scalarRule, type Real } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x: Real): number => mul(x, x));`,
              ),
            },
          ],
        },
        {
          messageId: 'returnType',
          data: { type: 'number', replacement: 'Real' },
          line: 3,
          column: 46,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'useGeneric',
              data: { replacement: 'Real' },
              output: lines(
                `import { differentiable, scalarRule, type Real } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x: number): Real => mul(x, x));`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'readonly number[] and Array<number>, into an existing type import',
      code: lines(
        core,
        `import type { Real } from '@pullback/rules-core';`,
        math,
        `export const f = differentiable((x: readonly number[], y: Array<number>): Real => dot(x, y));`,
      ),
      errors: [
        {
          messageId: 'parameter',
          data: { name: 'x', type: 'readonly number[]', replacement: 'RealArray' },
          line: 4,
          column: 37,
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'RealArray' },
              output: lines(
                core,
                `import type { Real, RealArray } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x: RealArray, y: Array<number>): Real => dot(x, y));`,
              ),
            },
          ],
        },
        {
          messageId: 'parameter',
          data: { name: 'y', type: 'Array<number>', replacement: 'RealArray' },
          line: 4,
          column: 59,
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'RealArray' },
              output: lines(
                core,
                `import type { Real, RealArray } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x: readonly number[], y: RealArray): Real => dot(x, y));`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'partials receive active values for higher derivatives',
      code: lines(
        core,
        math,
        `export const e = scalarRule((x: number) => Math.exp(x), (x: number) => [exp(x)]);`,
      ),
      errors: [
        {
          messageId: 'parameter',
          line: 3,
          column: 61,
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'Real' },
              output: lines(
                `import { differentiable, scalarRule, type Real } from '@pullback/rules-core';`,
                math,
                `export const e = scalarRule((x: number) => Math.exp(x), (x: Real) => [exp(x)]);`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a @differentiable function, with no pullback import yet',
      code: lines(
        `/** @differentiable */`,
        `export function decay(t: number) {`,
        `  return Math.exp(-t);`,
        `}`,
      ),
      errors: [
        {
          messageId: 'parameter',
          line: 2,
          column: 26,
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'Real' },
              output: lines(
                `import type { Real } from '@pullback/rules-core';`,
                `/** @differentiable */`,
                `export function decay(t: Real) {`,
                `  return Math.exp(-t);`,
                `}`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'return types are not checked with checkReturnTypes: false',
      code: lines(core, math, `export const f = differentiable((x: number): number => exp(x));`),
      options: [{ checkReturnTypes: false }],
      errors: [
        {
          messageId: 'parameter',
          line: 3,
          column: 37,
          suggestions: [
            {
              messageId: 'retypeParameter',
              data: { replacement: 'Real' },
              output: lines(
                `import { differentiable, scalarRule, type Real } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x: Real): number => exp(x));`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'retyping is an automatic fix where everything the parameter reaches is vocabulary',
      code: lines(
        `import { gradient, reverse } from '@pullback/engine';`,
        math,
        `export const g = gradient((x: number[]) => dot(x, x), reverse(), [1, 2]);`,
      ),
      output: lines(
        `import { gradient, reverse } from '@pullback/engine';`,
        math,
        `import type { RealArray } from '@pullback/rules-core';`,
        `export const g = gradient((x: RealArray) => dot(x, x), reverse(), [1, 2]);`,
      ),
      errors: [{ messageId: 'parameter', line: 3 }],
    },
  ],
});

typedRuleTester().run('prefer-generic-types (type-aware)', preferGenericTypes, {
  valid: [],
  invalid: [
    {
      name: 'a function whose parameter type is an alias of RealArray is differentiable code',
      code: lines(
        `import type { RealArray } from '@pullback/rules-core';`,
        `import { dot } from '@pullback/rules-core/math';`,
        `type Vector = RealArray;`,
        `export function squaredNorm(v: Vector): number {`,
        `  return dot(v, v) as number;`,
        `}`,
      ),
      errors: [
        {
          messageId: 'returnType',
          line: 4,
          column: 41,
          suggestions: [
            {
              messageId: 'useGeneric',
              output: lines(
                `import type { RealArray, Real } from '@pullback/rules-core';`,
                `import { dot } from '@pullback/rules-core/math';`,
                `type Vector = RealArray;`,
                `export function squaredNorm(v: Vector): Real {`,
                `  return dot(v, v) as number;`,
                `}`,
              ),
            },
          ],
        },
      ],
    },
  ],
});
