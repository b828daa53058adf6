// Over 400 lines: the rule's valid and invalid cases, one RuleTester table per parser setting.
import { noRawArithmetic } from '../../src/rules/no-raw-arithmetic.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, primal, scalarRule, nonDifferentiable, type Real, type RealArray } from '@pullback/rules-core';`;
const math = `import { add, mul, neg, sin, sum, at } from '@pullback/rules-core/math';`;

untypedRuleTester().run('no-raw-arithmetic', noRawArithmetic, {
  valid: [
    {
      name: 'generic code written with the math vocabulary',
      code: lines(
        core,
        math,
        `export const f = differentiable((x: Real, y: Real) => add(mul(x, y), sin(x)));`,
      ),
    },
    {
      name: 'control flow on primals',
      code: lines(
        core,
        math,
        `export const relu = differentiable((x: Real) => (primal(x) < 0 ? mul(0, x) : x));`,
      ),
    },
    {
      name: 'integer index arithmetic next to active values',
      code: lines(
        core,
        math,
        `export const f = differentiable((x: RealArray) => {`,
        `  let s: Real = 0;`,
        `  for (let i = 0; i < x.length; i++) s = add(s, at(x, (2 * i) % x.length));`,
        `  return s;`,
        `});`,
      ),
    },
    {
      name: 'fast path on plain numbers behind typeof guards',
      code: lines(
        core,
        math,
        `export const plus = differentiable((a: Real, b: Real) => {`,
        `  if (typeof a === 'number' && typeof b === 'number') return a + b;`,
        `  return add(a, b);`,
        `});`,
      ),
    },
    {
      name: 'fast path after an early exit',
      code: lines(
        core,
        math,
        `export const negate = differentiable((x: Real) => {`,
        `  if (typeof x !== 'number') return neg(x);`,
        `  return -x;`,
        `});`,
      ),
    },
    {
      name: 'a parameter annotated number is a plain number',
      code: lines(
        core,
        math,
        `export const f = differentiable((x: RealArray, i: number) => at(x, i + 1));`,
      ),
    },
    {
      name: "an operator's extra arguments are constants",
      code: lines(
        core,
        math,
        `import { gradient, reverse } from '@pullback/engine';`,
        `export const g = gradient((x: RealArray, n: number) => mul(sum(x), n * 2), reverse(), [1, 2], 3);`,
      ),
    },
    {
      name: "scalarRule's primal function runs on plain numbers",
      code: lines(
        core,
        math,
        `export const sq = scalarRule((x: number) => x * x, (x) => [mul(2, x)]);`,
      ),
    },
    {
      name: 'nonDifferentiable functions are not differentiable code',
      code: lines(core, `export const h = nonDifferentiable((x: number) => x * 2);`),
    },
    {
      name: 'code that is not differentiable is not checked',
      code: lines(
        core,
        `export function area(r: Real) { return mul(r, r); }`,
        `export const twice = (x: number) => x * 2;`,
      ),
    },
    {
      name: 'string concatenation is left to no-active-coercion',
      code: lines(
        core,
        `export const f = differentiable((x: Real) => { console.log('x = ' + x); return x; });`,
      ),
    },
    {
      name: 'comparison with undefined tests presence, not value',
      code: lines(
        core,
        `export const f = differentiable((x: Real, y?: Real) => (y === undefined ? x : y));`,
      ),
    },
    {
      name: 'strict equality never converts: the strong-zero test',
      code: lines(
        core,
        math,
        `export const plus = differentiable((a: Real, b: Real) => (a === 0 ? b : b !== 0 ? add(a, b) : a));`,
      ),
    },
    {
      name: 'a comment that mentions the tag in a code span does not tag',
      code: lines(
        `/** Functions marked with \`@differentiable\` are checked; this one is not. */`,
        `export function twice(x: number) {`,
        `  return x * 2;`,
        `}`,
      ),
    },
    {
      name: 'a function found by its Real parameters differentiates those, not its metadata',
      code: lines(
        core,
        `export function zeros(layout: { size: number }, out: Real[]): void {`,
        `  for (let i = 0; i < layout.size - 0; i++) out.push(0);`,
        `}`,
      ),
    },
    {
      name: 'comparisons may be switched off',
      code: lines(core, `export const f = differentiable((x: Real) => (x > 0 ? x : 0));`),
      options: [{ checkComparisons: false }],
    },
    {
      name: 'a local function named like an operator is not an operator',
      code: lines(`const gradient = (f: (x: number) => number) => f;`, `gradient((x) => x * x);`),
    },
  ],
  invalid: [
    {
      name: 'multiplication becomes mul, imported next to the existing imports',
      code: lines(core, `export const f = differentiable((x: Real) => x * x);`),
      output: lines(
        core,
        `import { mul } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => mul(x, x));`,
      ),
      errors: [
        {
          messageId: 'arithmetic',
          data: { operator: '*', name: 'mul' },
          line: 2,
          column: 46,
          endLine: 2,
          endColumn: 51,
        },
      ],
    },
    {
      name: 'an existing import of the vocabulary is extended',
      code: lines(
        core,
        `import { sin } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => sin(x) - x);`,
      ),
      output: lines(
        core,
        `import { sin, sub } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => sub(sin(x), x));`,
      ),
      errors: [{ messageId: 'arithmetic', line: 3, column: 46 }],
    },
    {
      name: 'a namespace import of the vocabulary is used',
      code: lines(
        core,
        `import * as m from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => x / 2);`,
      ),
      output: lines(
        core,
        `import * as m from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => m.div(x, 2));`,
      ),
      errors: [{ messageId: 'arithmetic', line: 3, column: 46 }],
    },
    {
      name: 'nested arithmetic is fixed over two passes',
      code: lines(
        math,
        `import { differentiable } from '@pullback/rules-core';`,
        `export const f = differentiable((x) => x * x + 1);`,
      ),
      output: [
        lines(
          math,
          `import { differentiable } from '@pullback/rules-core';`,
          `export const f = differentiable((x) => mul(x, x) + 1);`,
        ),
        lines(
          math,
          `import { differentiable } from '@pullback/rules-core';`,
          `export const f = differentiable((x) => add(mul(x, x), 1));`,
        ),
      ],
      errors: [
        { messageId: 'arithmetic', line: 3, column: 40, endColumn: 49 },
        { messageId: 'arithmetic', line: 3, column: 40, endColumn: 45 },
      ],
    },
    {
      name: 'unary minus, compound assignment and increment',
      code: lines(
        math,
        `import { differentiable } from '@pullback/rules-core';`,
        `export const f = differentiable((x) => {`,
        `  let s = -x;`,
        `  s += x;`,
        `  s++;`,
        `  return s;`,
        `});`,
      ),
      output: lines(
        math,
        `import { differentiable } from '@pullback/rules-core';`,
        `export const f = differentiable((x) => {`,
        `  let s = neg(x);`,
        `  s = add(s, x);`,
        `  s = add(s, 1);`,
        `  return s;`,
        `});`,
      ),
      errors: [
        { messageId: 'negation', line: 4, column: 11 },
        { messageId: 'compound', data: { operator: '+=', name: 'add' }, line: 5, column: 3 },
        { messageId: 'increment', data: { operator: '++', name: 'add' }, line: 6, column: 3 },
      ],
    },
    {
      name: 'comparisons compare primals',
      code: lines(
        math,
        `import { differentiable } from '@pullback/rules-core';`,
        `export const relu = differentiable((x) => (x < 0 ? mul(0, x) : x));`,
      ),
      output: lines(
        math,
        `import { differentiable, primal } from '@pullback/rules-core';`,
        `export const relu = differentiable((x) => (primal(x) < 0 ? mul(0, x) : x));`,
      ),
      errors: [
        { messageId: 'comparison', data: { operator: '<' }, line: 3, column: 44, endColumn: 49 },
      ],
    },
    {
      name: 'only the active side of a comparison is wrapped, parentheses kept',
      code: lines(
        core,
        `export const f = differentiable((x: Real, k: number) => ((k ? 1 : 2) <= x ? x : 0));`,
      ),
      output: lines(
        core,
        `export const f = differentiable((x: Real, k: number) => ((k ? 1 : 2) <= primal(x) ? x : 0));`,
      ),
      errors: [
        { messageId: 'comparison', data: { operator: '<=' }, line: 2, column: 58, endColumn: 74 },
      ],
    },
    {
      name: 'loose equality converts with valueOf',
      code: lines(core, `export const f = differentiable((x: Real) => (x == 0 ? 1 : x));`),
      output: lines(
        core,
        `export const f = differentiable((x: Real) => (primal(x) == 0 ? 1 : x));`,
      ),
      errors: [
        { messageId: 'comparison', data: { operator: '==' }, line: 2, column: 47, endColumn: 53 },
      ],
    },
    {
      name: 'the remainder has no vocabulary counterpart and no fix',
      code: lines(core, `export const f = differentiable((x: Real) => x % 1);`),
      output: null,
      errors: [{ messageId: 'noVocabulary', data: { operator: '%' }, line: 2, column: 46 }],
    },
    {
      name: 'no fix when the vocabulary name is taken',
      code: lines(
        core,
        `const mul = (a: number, b: number) => a * b;`,
        `export const f = differentiable((x: Real) => x * 3);`,
      ),
      output: null,
      errors: [{ messageId: 'arithmetic', line: 3, column: 46 }],
    },
    {
      name: 'functions called from differentiable code are differentiable code',
      code: lines(
        core,
        math,
        `function twice(a: Real) {`,
        `  return a * 2;`,
        `}`,
        `export const f = differentiable((x: Real) => twice(sin(x)));`,
      ),
      output: lines(
        core,
        math,
        `function twice(a: Real) {`,
        `  return mul(a, 2);`,
        `}`,
        `export const f = differentiable((x: Real) => twice(sin(x)));`,
      ),
      errors: [{ messageId: 'arithmetic', line: 4, column: 10 }],
    },
    {
      name: 'a @differentiable tag marks a function',
      code: lines(
        `/** The square. @differentiable */`,
        `export function square(x) {`,
        `  return x * x;`,
        `}`,
      ),
      output: lines(
        `import { mul } from '@pullback/rules-core/math';`,
        `/** The square. @differentiable */`,
        `export function square(x) {`,
        `  return mul(x, x);`,
        `}`,
      ),
      errors: [{ messageId: 'arithmetic', line: 3, column: 10 }],
    },
    {
      name: 'settings.pullback.differentiableFiles marks a whole file',
      code: lines(`export function cube(x) {`, `  return x * x * x;`, `}`),
      filename: 'src/models/cube.ts',
      settings: { pullback: { differentiableFiles: ['src/models/**/*.ts'] } },
      output: [
        lines(
          `import { mul } from '@pullback/rules-core/math';`,
          `export function cube(x) {`,
          `  return mul(x, x) * x;`,
          `}`,
        ),
        lines(
          `import { mul } from '@pullback/rules-core/math';`,
          `export function cube(x) {`,
          `  return mul(mul(x, x), x);`,
          `}`,
        ),
      ],
      errors: [
        { messageId: 'arithmetic', line: 2, column: 10, endColumn: 19 },
        { messageId: 'arithmetic', line: 2, column: 10, endColumn: 15 },
      ],
    },
    {
      name: "only an operator's first parameter is differentiated",
      code: lines(
        `import { gradient, reverse } from '@pullback/engine';`,
        `gradient((x, k) => x[0] * k + k * 2, reverse(), [1, 2], 3);`,
      ),
      output: [
        lines(
          `import { gradient, reverse } from '@pullback/engine';`,
          `import { mul } from '@pullback/rules-core/math';`,
          `gradient((x, k) => mul(x[0], k) + k * 2, reverse(), [1, 2], 3);`,
        ),
        lines(
          `import { gradient, reverse } from '@pullback/engine';`,
          `import { mul, add } from '@pullback/rules-core/math';`,
          `gradient((x, k) => add(mul(x[0], k), k * 2), reverse(), [1, 2], 3);`,
        ),
      ],
      errors: [
        {
          messageId: 'arithmetic',
          data: { operator: '+', name: 'add' },
          line: 2,
          column: 20,
          endColumn: 36,
        },
        {
          messageId: 'arithmetic',
          data: { operator: '*', name: 'mul' },
          line: 2,
          column: 20,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'operators are followed through namespaces and local aliases',
      code: lines(
        `import * as pb from '@pullback/engine';`,
        `const grad = pb.gradient;`,
        `grad((x) => -x, pb.reverse(), 1);`,
      ),
      output: lines(
        `import * as pb from '@pullback/engine';`,
        `import { neg } from '@pullback/rules-core/math';`,
        `const grad = pb.gradient;`,
        `grad((x) => neg(x), pb.reverse(), 1);`,
      ),
      errors: [{ messageId: 'negation', line: 3, column: 13 }],
    },
    {
      name: 'functions taking Real parameters are differentiable code',
      code: lines(
        `import type { Real } from '@pullback/rules-core';`,
        `export function loss(x: Real, y: Real) {`,
        `  return x - y;`,
        `}`,
      ),
      output: lines(
        `import type { Real } from '@pullback/rules-core';`,
        `import { sub } from '@pullback/rules-core/math';`,
        `export function loss(x: Real, y: Real) {`,
        `  return sub(x, y);`,
        `}`,
      ),
      errors: [{ messageId: 'arithmetic', line: 3, column: 10 }],
    },
    {
      name: "callbacks receive the array's elements",
      code: lines(
        core,
        `export const f = differentiable((x: RealArray) => x.map((v, i) => v * i));`,
      ),
      output: lines(
        core,
        `import { mul } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray) => x.map((v, i) => mul(v, i)));`,
      ),
      errors: [{ messageId: 'arithmetic', line: 2, column: 67 }],
    },
  ],
});

typedRuleTester().run('no-raw-arithmetic (type-aware)', noRawArithmetic, {
  valid: [
    {
      name: 'types say a narrowed value is a plain number',
      code: lines(
        `import { differentiable, isActive, type Real } from '@pullback/rules-core';`,
        `import { add } from '@pullback/rules-core/math';`,
        `export const plus = differentiable((a: Real, b: Real) => (isActive(a) || isActive(b) ? add(a, b) : a + b));`,
      ),
    },
    {
      name: 'a number-typed argument listed in nondiff is a plain number',
      code: lines(
        `import { differentiable, type RealArray } from '@pullback/rules-core';`,
        `import { mul, sum } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray, k: number) => mul(sum(x), k * k), undefined, { nondiff: [1] });`,
      ),
    },
    {
      name: 'a number-typed parameter used only as an index is a plain number',
      code: lines(
        `import { differentiable, type RealArray } from '@pullback/rules-core';`,
        `import { at } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray, i: number) => at(x, i + 1));`,
      ),
    },
  ],
  invalid: [
    {
      name: 'types never take activity away: a number-typed parameter that reaches the result is differentiated',
      code: lines(
        `import { differentiable, type RealArray } from '@pullback/rules-core';`,
        `import { mul, sum } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray, k: number) => mul(sum(x), k * k));`,
      ),
      output: lines(
        `import { differentiable, type RealArray } from '@pullback/rules-core';`,
        `import { mul, sum } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray, k: number) => mul(sum(x), mul(k, k)));`,
      ),
      errors: [{ messageId: 'arithmetic', line: 3 }],
    },
    {
      name: 'types never take activity away: a number accumulator and a cast receive active values',
      code: lines(
        `import { differentiable, type RealArray } from '@pullback/rules-core';`,
        `import { at } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray) => {`,
        `  let s = 0;`,
        `  for (let i = 0; i < x.length; i++) s += at(x, i) as number;`,
        `  return s;`,
        `});`,
      ),
      output: lines(
        `import { differentiable, type RealArray } from '@pullback/rules-core';`,
        `import { at, add } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray) => {`,
        `  let s = 0;`,
        `  for (let i = 0; i < x.length; i++) s = add(s, at(x, i) as number);`,
        `  return s;`,
        `});`,
      ),
      errors: [{ messageId: 'compound', line: 5 }],
    },
    {
      name: 'a Real operand may be active',
      code: lines(
        `import { differentiable, type Real } from '@pullback/rules-core';`,
        `export const f = differentiable((x: Real) => 2 * x);`,
      ),
      output: lines(
        `import { differentiable, type Real } from '@pullback/rules-core';`,
        `import { mul } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: Real) => mul(2, x));`,
      ),
      errors: [{ messageId: 'arithmetic', line: 2, column: 46 }],
    },
    {
      name: "an engine's own class that implements Active",
      code: lines(
        `import type { Active } from '@pullback/rules-core';`,
        `declare class Dual implements Active {`,
        `  readonly [key: symbol]: unknown;`,
        `}`,
        `export function twice(d: Dual) {`,
        `  return d * 2;`,
        `}`,
      ),
      output: lines(
        `import type { Active } from '@pullback/rules-core';`,
        `import { mul } from '@pullback/rules-core/math';`,
        `declare class Dual implements Active {`,
        `  readonly [key: symbol]: unknown;`,
        `}`,
        `export function twice(d: Dual) {`,
        `  return mul(d, 2);`,
        `}`,
      ),
      errors: [{ messageId: 'arithmetic', line: 6, column: 10 }],
    },
    {
      name: 'a value returned by the vocabulary may be active, whatever the function',
      code: lines(
        `import { at } from '@pullback/rules-core/math';`,
        `import type { RealArray } from '@pullback/rules-core';`,
        `type Vec = RealArray;`,
        `export function first(v: Vec) {`,
        `  return at(v, 0) * 2;`,
        `}`,
      ),
      output: lines(
        `import { at, mul } from '@pullback/rules-core/math';`,
        `import type { RealArray } from '@pullback/rules-core';`,
        `type Vec = RealArray;`,
        `export function first(v: Vec) {`,
        `  return mul(at(v, 0), 2);`,
        `}`,
      ),
      errors: [{ messageId: 'arithmetic', line: 5, column: 10 }],
    },
  ],
});
