import { validRule } from '../../src/rules/valid-rule.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, scalarRule, noTangent, type Real } from '@pullback/rules-core';`;
const math = `import { add, mul, cos, exp, square } from '@pullback/rules-core/math';`;
const code = (...body: string[]): string => lines(core, math, ...body);

untypedRuleTester().run('valid-rule', validRule, {
  valid: [
    {
      name: "rules-core's cube example",
      code: code(
        `export const cube = differentiable((x: Real) => mul(x, mul(x, x)), {`,
        `  rrule: ([x]) => [cube(x), (dy) => [mul(dy, mul(3, square(x)))]],`,
        `});`,
      ),
    },
    {
      name: 'noTangent for an integer argument, and an frule',
      code: code(
        `const powi = (x: Real, n: number) => (n === 0 ? 1 : mul(x, powi(x, n - 1)));`,
        `export const p = differentiable(powi, {`,
        `  frule: ([x, n], [dx]) => [powi(x, n), mul(dx, mul(n, powi(x, n - 1)))],`,
        `  rrule([x, n]) {`,
        `    const y = powi(x, n);`,
        `    return [y, (dy) => [mul(dy, mul(n, powi(x, n - 1))), noTangent]];`,
        `  },`,
        `});`,
      ),
    },
    {
      name: 'partials may leave out trailing parameters, or use the result',
      code: code(
        `export const times = scalarRule((a: number, b: number) => a * b, (a, b) => [b, a]);`,
        `export const e = scalarRule((x: number) => Math.exp(x), (_x, y) => [y]);`,
      ),
    },
    {
      name: 'rules kept in a constant, and pullbacks returning what cannot be seen',
      code: code(
        `const rules = { rrule: ([x]: Real[]) => [exp(x), (dy: Real) => cotangents(dy)] as const };`,
        `declare function cotangents(dy: Real): Real[];`,
        `export const e = differentiable((x: Real) => exp(x), rules);`,
      ),
    },
    {
      name: 'an imported function has no arity to check without types',
      code: code(
        `export const plus = differentiable(add, { rrule: ([a, b]) => [add(a, b), (dy) => [dy]] });`,
      ),
    },
    {
      name: 'argument patterns are not checked with checkArgumentPatterns: false',
      code: code(
        `export const f = differentiable((x: Real) => x, { rrule: ([x, y]) => [x, (dy) => [dy]] });`,
      ),
      options: [{ checkArgumentPatterns: false }],
    },
  ],
  invalid: [
    {
      name: 'an rrule returning three things',
      code: code(
        `export const f = differentiable((x: Real) => exp(x), { rrule: ([x]) => [exp(x), (dy) => [dy], 0] });`,
      ),
      errors: [
        {
          messageId: 'rruleReturn',
          data: { found: 'an array of 3 element(s)' },
          line: 3,
          column: 72,
          endColumn: 97,
        },
      ],
    },
    {
      name: 'an rrule returning a single value',
      code: code(
        `export const f = differentiable((x: Real) => exp(x), { rrule: ([x]) => mul(x, 2) + 0 });`,
      ),
      errors: [
        { messageId: 'rruleReturn', data: { found: 'a single value' }, line: 3, column: 72 },
      ],
    },
    {
      name: 'a pullback with a cotangent missing',
      code: code(
        `export const f = differentiable((a: Real, b: Real) => mul(a, b), {`,
        `  rrule: ([a, b]) => [mul(a, b), (dy) => [mul(dy, b)]],`,
        `});`,
      ),
      errors: [
        {
          messageId: 'pullbackArity',
          data: { fn: 'f', found: 1, expected: 2 },
          line: 4,
          column: 42,
          endColumn: 54,
        },
      ],
    },
    {
      name: 'a pullback returning a bare cotangent, in a named function',
      code: code(
        `export const twice = differentiable(function twice(x: Real) {`,
        `  return mul(2, x);`,
        `}, {`,
        `  rrule([x]) {`,
        `    function back(dy: Real) {`,
        `      if (dy === 0) return 0;`,
        `      return [mul(2, dy)];`,
        `    }`,
        `    return [twice(x), back];`,
        `  },`,
        `});`,
      ),
      errors: [{ messageId: 'pullbackNotArray', data: { fn: 'twice' }, line: 8, column: 28 }],
    },
    {
      name: 'an frule returning only the tangent',
      code: code(
        `export const f = differentiable((x: Real) => exp(x), { frule: ([x], [dx]) => [mul(dx, exp(x))] });`,
      ),
      errors: [
        {
          messageId: 'fruleReturn',
          data: { found: 'an array of 1 element(s)' },
          line: 3,
          column: 78,
        },
      ],
    },
    {
      name: 'partials of the wrong count and shape',
      code: code(
        `export const times = scalarRule((a: number, b: number) => a * b, (a, b) => [b]);`,
        `export const c = scalarRule((x: number, y: number) => x * y, (x, y) => -cos(x));`,
        `export const s = scalarRule((x: number) => Math.sin(x), (x, y, z) => [cos(x)]);`,
      ),
      errors: [
        {
          messageId: 'partialsArity',
          data: { fn: 'times', found: 1, expected: 2 },
          line: 3,
          column: 76,
        },
        { messageId: 'partialsNotArray', data: { fn: 'c' }, line: 4 },
        {
          messageId: 'partialsParameters',
          data: { fn: 's', arity: 1, found: 3 },
          line: 5,
          column: 64,
        },
      ],
    },
    {
      name: 'partials that return the result of a helper with the wrong count',
      code: code(
        `function grads(a: Real, b: Real) { return [mul(a, b)]; }`,
        `export const t = scalarRule((a: number, b: number) => a * b, (a, b) => grads(a, b));`,
      ),
      errors: [{ messageId: 'partialsArity', data: { fn: 't', found: 1, expected: 2 }, line: 4 }],
    },
    {
      name: "rules declared with the function's arguments spread out",
      code: code(
        `export const f = differentiable((x: Real) => exp(x), { rrule: (x, config, extra) => [exp(x), (dy) => [dy]] });`,
      ),
      errors: [
        {
          messageId: 'ruleParameters',
          data: { shape: 'rrule(args, config)', rule: 'rrule', found: 3 },
          line: 3,
          column: 75,
        },
      ],
    },
    {
      name: 'destructuring more arguments than the function takes',
      code: code(
        `export const f = differentiable((x: Real) => exp(x), { rrule: ([x, y]) => [exp(x), (dy) => [dy]] });`,
      ),
      errors: [
        {
          messageId: 'argumentPattern',
          data: { fn: 'f', expected: 1, rule: 'rrule', found: 2, what: 'args' },
          line: 3,
          column: 64,
        },
      ],
    },
    {
      name: 'a misspelt rule is ignored by rules-core',
      code: code(
        `export const f = differentiable((x: Real) => exp(x), { rrules: ([x]) => [exp(x), (dy) => [dy]] });`,
      ),
      errors: [
        { messageId: 'unknownRule', data: { key: 'rrules' }, line: 3, column: 56, endColumn: 62 },
      ],
    },
  ],
});

typedRuleTester().run('valid-rule (type-aware)', validRule, {
  valid: [],
  invalid: [
    {
      name: "types give an imported function's arity",
      code: code(
        `export const plus = differentiable(add, { rrule: ([a, b]) => [add(a, b), (dy) => [dy]] });`,
      ),
      errors: [
        {
          messageId: 'pullbackArity',
          data: { fn: 'add', found: 1, expected: 2 },
          line: 3,
          column: 82,
        },
      ],
    },
  ],
});
