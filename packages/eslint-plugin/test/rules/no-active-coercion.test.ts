import { noActiveCoercion } from '../../src/rules/no-active-coercion.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, primal } from '@pullback/rules-core';`;
const head = (body: string): string =>
  lines(core, `export const f = differentiable((x) => ${body});`);
const primalSuggestion = (body: string) => ({
  messageId: 'usePrimal' as const,
  output: head(body),
});

untypedRuleTester().run('no-active-coercion', noActiveCoercion, {
  valid: [
    {
      name: 'printing the primal',
      code: head('{ console.log(`x = ${primal(x).toFixed(3)}`, String(primal(x))); return x; }'),
    },
    {
      name: 'the math vocabulary',
      code: lines(
        core,
        `import { sin } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x) => sin(x));`,
      ),
    },
    {
      name: 'Math on plain numbers: indices, counts, annotated numbers',
      code: lines(
        core,
        `import { at } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x, n: number) => at(x, Math.min(Math.floor(n / 2), x.length - 1)));`,
      ),
    },
    { name: 'tagged templates receive values unconverted', code: head('{ tag`${x}`; return x; }') },
    {
      name: 'code that is not differentiable',
      code: lines(core, `export const g = (x: number) => Number(x) + Math.sin(+x);`),
    },
    {
      name: 'Math is not checked with checkMath: false',
      code: head('Math.sin(x)'),
      options: [{ checkMath: false }],
    },
    {
      name: 'a conversion passed as the callback of a plain array',
      code: lines(
        core,
        `export const f = differentiable((x, labels: string[]) => labels.map(Number).length > 0 ? x : x);`,
      ),
    },
    {
      name: 'a local Number is not the global one',
      code: lines(
        core,
        `const Number = (v: unknown) => v;`,
        `export const f = differentiable((x) => x.map(Number));`,
      ),
    },
    {
      name: 'a local Math is not the global one',
      code: lines(
        core,
        `const Math = { sin: (x: unknown) => x };`,
        `export const f = differentiable((x) => Math.sin(x));`,
      ),
    },
  ],
  invalid: [
    {
      name: 'Number(x)',
      code: head('Number(x)'),
      errors: [
        {
          messageId: 'toNumber',
          data: { what: 'Number(x)' },
          line: 2,
          column: 40,
          endColumn: 49,
          suggestions: [primalSuggestion('primal(x)')],
        },
      ],
    },
    {
      name: 'unary plus',
      code: head('+x'),
      errors: [
        {
          messageId: 'toNumber',
          data: { what: 'Unary +' },
          line: 2,
          column: 40,
          endColumn: 42,
          suggestions: [primalSuggestion('primal(x)')],
        },
      ],
    },
    {
      name: 'parseFloat and parseInt',
      code: head('[parseFloat(x), parseInt(x, 10)]'),
      errors: [
        {
          messageId: 'toNumber',
          line: 2,
          column: 41,
          suggestions: [primalSuggestion('[primal(x), parseInt(x, 10)]')],
        },
        {
          messageId: 'toNumber',
          line: 2,
          column: 56,
          suggestions: [primalSuggestion('[parseFloat(x), parseInt(primal(x), 10)]')],
        },
      ],
    },
    {
      name: 'String(x), templates and concatenation',
      code: head('[String(x), `${x}`, "x = " + x]'),
      errors: [
        {
          messageId: 'toString',
          data: { what: 'String(x)' },
          line: 2,
          column: 41,
          suggestions: [primalSuggestion('[String(primal(x)), `${x}`, "x = " + x]')],
        },
        {
          messageId: 'toString',
          data: { what: 'A template literal' },
          line: 2,
          column: 55,
          endColumn: 56,
          suggestions: [primalSuggestion('[String(x), `${primal(x)}`, "x = " + x]')],
        },
        {
          messageId: 'toString',
          data: { what: 'String concatenation' },
          line: 2,
          column: 69,
          suggestions: [primalSuggestion('[String(x), `${x}`, "x = " + primal(x)]')],
        },
      ],
    },
    {
      name: 'valueOf and toFixed',
      code: head('[x.valueOf(), x.toFixed(2)]'),
      errors: [
        {
          messageId: 'conversionMethod',
          data: { method: 'valueOf' },
          line: 2,
          column: 41,
          suggestions: [primalSuggestion('[primal(x), x.toFixed(2)]')],
        },
        {
          messageId: 'conversionMethod',
          data: { method: 'toFixed' },
          line: 2,
          column: 54,
          suggestions: [primalSuggestion('[x.valueOf(), primal(x).toFixed(2)]')],
        },
      ],
    },
    {
      name: 'Math functions with a vocabulary counterpart',
      code: head('Math.atan2(x, 1)'),
      errors: [
        {
          messageId: 'mathCall',
          data: { name: 'atan2' },
          line: 2,
          column: 40,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'useVocabulary',
              data: { name: 'atan2' },
              output: lines(
                core,
                `import { atan2 } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x) => atan2(x, 1));`,
              ),
            },
            primalSuggestion('Math.atan2(primal(x), 1)'),
          ],
        },
      ],
    },
    {
      name: 'Math functions without one',
      code: head('Math.log2(x)'),
      errors: [
        {
          messageId: 'mathCallNoVocabulary',
          data: { name: 'log2' },
          line: 2,
          column: 40,
          suggestions: [primalSuggestion('Math.log2(primal(x))')],
        },
      ],
    },
    {
      name: 'spreading an active array into Math',
      code: head('Math.max(...x)'),
      errors: [
        {
          // The vocabulary's max is binary: no rewrite for a spread.
          messageId: 'mathCall',
          data: { name: 'max' },
          line: 2,
          column: 40,
          suggestions: [primalSuggestion('Math.max(...primal(x))')],
        },
      ],
    },
    {
      name: 'bitwise operators truncate to integers',
      code: head('x | 0'),
      errors: [
        {
          messageId: 'bitwise',
          data: { operator: '|' },
          line: 2,
          column: 40,
          suggestions: [primalSuggestion('primal(x) | 0')],
        },
      ],
    },
    {
      name: 'only the active operand is wrapped, parentheses kept',
      code: lines(core, `export const f = differentiable((x, k: number) => x ^ (k ? 1 : 0));`),
      errors: [
        {
          messageId: 'bitwise',
          data: { operator: '^' },
          line: 2,
          column: 51,
          suggestions: [
            {
              messageId: 'usePrimal',
              output: lines(
                core,
                `export const f = differentiable((x, k: number) => primal(x) ^ (k ? 1 : 0));`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'conversions passed as the function that receives active elements',
      code: lines(
        core,
        `import { map } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x) => [x.map(Number), map(parseFloat, x), x.map(String)]);`,
      ),
      errors: [
        {
          messageId: 'conversionReference',
          data: { name: 'Number', what: 'numbers' },
          line: 3,
          column: 47,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'usePrimal',
              output: lines(
                core,
                `import { map } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x) => [x.map(primal), map(parseFloat, x), x.map(String)]);`,
              ),
            },
          ],
        },
        {
          messageId: 'conversionReference',
          data: { name: 'parseFloat', what: 'numbers' },
          line: 3,
          column: 60,
          suggestions: [
            {
              messageId: 'usePrimal',
              output: lines(
                core,
                `import { map } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x) => [x.map(Number), map(primal, x), x.map(String)]);`,
              ),
            },
          ],
        },
        {
          messageId: 'conversionReference',
          data: { name: 'String', what: 'strings' },
          line: 3,
          column: 82,
          suggestions: [],
        },
      ],
    },
    {
      name: 'primal is imported when missing',
      code: lines(
        `import { differentiable } from '@pullback/rules-core';`,
        `export const f = differentiable((x) => Number(x));`,
      ),
      errors: [
        {
          messageId: 'toNumber',
          line: 2,
          column: 40,
          suggestions: [
            {
              messageId: 'usePrimal',
              output: lines(
                `import { differentiable, primal } from '@pullback/rules-core';`,
                `export const f = differentiable((x) => primal(x));`,
              ),
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester().run('no-active-coercion (type-aware)', noActiveCoercion, {
  valid: [
    {
      name: 'a value narrowed to number',
      code: lines(
        `import { differentiable, type Real } from '@pullback/rules-core';`,
        `import { sin } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => (typeof x === 'number' ? Math.sin(x) : sin(x)));`,
      ),
    },
  ],
  invalid: [
    {
      // Types answer, so an `as number` on the argument would make it a plain number.
      name: "a Real returned by the vocabulary, in a function found by its parameters' types",
      code: lines(
        `import type { RealArray } from '@pullback/rules-core';`,
        `import { at } from '@pullback/rules-core/math';`,
        `type Vector = RealArray;`,
        `export function first(v: Vector) {`,
        `  return Math.exp(at(v, 0));`,
        `}`,
      ),
      errors: [
        {
          messageId: 'mathCall',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'useVocabulary',
              output: lines(
                `import type { RealArray } from '@pullback/rules-core';`,
                `import { at, exp } from '@pullback/rules-core/math';`,
                `type Vector = RealArray;`,
                `export function first(v: Vector) {`,
                `  return exp(at(v, 0));`,
                `}`,
              ),
            },
            {
              messageId: 'usePrimal',
              output: lines(
                `import type { RealArray } from '@pullback/rules-core';`,
                `import { at } from '@pullback/rules-core/math';`,
                `import { primal } from '@pullback/rules-core';`,
                `type Vector = RealArray;`,
                `export function first(v: Vector) {`,
                `  return Math.exp(primal(at(v, 0)));`,
                `}`,
              ),
            },
          ],
        },
      ],
    },
  ],
});
