import { noInputMutation } from '../../src/rules/no-input-mutation.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, type Real, type RealArray } from '@pullback/rules-core';`;
const math = `import { similar, setAt, at } from '@pullback/rules-core/math';`;
const engine = `import { gradient, reverse } from '@pullback/engine';`;

untypedRuleTester().run('no-input-mutation', noInputMutation, {
  valid: [
    {
      name: "the talk's goodcopy writes into its own storage",
      code: lines(
        core,
        math,
        `export const goodcopy = differentiable((x: RealArray) => {`,
        `  const y = similar(x);`,
        `  for (let i = 0; i < x.length; i++) setAt(y, i, at(x, i));`,
        `  return y;`,
        `});`,
      ),
    },
    {
      name: 'a parameter rebound to a copy',
      code: lines(
        core,
        `export const f = differentiable((x: Real[]) => {`,
        `  x = x.slice();`,
        `  x[0] = 1;`,
        `  return x;`,
        `});`,
      ),
    },
    {
      name: "a callback's accumulator is the callback's own",
      code: lines(
        core,
        `export const f = differentiable((x: Real[]) => x.reduce((acc: Real[], v) => {`,
        `  acc.push(v);`,
        `  return acc;`,
        `}, []));`,
      ),
    },
    {
      name: 'a helper that fills storage its caller owns',
      code: lines(
        core,
        `function append(out: Real[], v: Real) {`,
        `  out.push(v);`,
        `}`,
        `export const f = differentiable((x: Real) => {`,
        `  const out: Real[] = [];`,
        `  append(out, x);`,
        `  return out;`,
        `});`,
      ),
    },
    {
      name: 'allowed parameters',
      code: lines(
        core,
        `export const f = differentiable((out: Real[], x: Real) => {`,
        `  out[0] = x;`,
        `  return x;`,
        `});`,
      ),
      options: [{ allowParameters: ['out'] }],
    },
    {
      name: 'mutation outside differentiable code',
      code: lines(core, `export function normalize(x: number[]) {`, `  x.sort();`, `}`),
    },
  ],
  invalid: [
    {
      name: 'an index write into the input of an operator',
      code: lines(
        engine,
        `gradient((x: number[]) => {`,
        `  x[0] = 0;`,
        `  return x[1];`,
        `}, reverse(), [1, 2]);`,
      ),
      errors: [
        {
          messageId: 'mutation',
          data: { what: 'Assigning to x[0]', name: 'x' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'mutating methods and setAt',
      code: lines(
        core,
        math,
        `export const f = differentiable((x: Real[], y: RealArray) => {`,
        `  x.sort();`,
        `  setAt(y, 0, at(x, 0));`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'mutation',
          data: { what: "'sort()'", name: 'x' },
          line: 4,
          column: 3,
          endColumn: 11,
        },
        { messageId: 'mutation', data: { what: "'setAt()'", name: 'y' }, line: 5, column: 3 },
      ],
    },
    {
      name: 'through an alias of part of an input',
      code: lines(
        core,
        `interface Model { data: Real[]; count: number; cache?: object }`,
        `export const f = differentiable((m: Model) => {`,
        `  const data = m.data;`,
        `  data[0] = 1;`,
        `  m.count++;`,
        `  delete m.cache;`,
        `  Object.assign(m, { count: 0 });`,
        `  return data;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'mutation',
          data: { what: 'Assigning to data[0]', name: 'm' },
          line: 5,
          column: 3,
        },
        { messageId: 'mutation', data: { what: "'++'", name: 'm' }, line: 6, column: 3 },
        { messageId: 'mutation', data: { what: "'delete'", name: 'm' }, line: 7, column: 3 },
        {
          messageId: 'mutation',
          data: { what: "'Object.assign()'", name: 'm' },
          line: 8,
          column: 3,
        },
      ],
    },
    {
      name: 'a @differentiable function',
      code: lines(
        `/** @differentiable */`,
        `export function clampInPlace(x: number[]) {`,
        `  x.fill(0, 1);`,
        `  return x;`,
        `}`,
      ),
      errors: [
        { messageId: 'mutation', data: { what: "'fill()'", name: 'x' }, line: 3, column: 3 },
      ],
    },
  ],
});

typedRuleTester().run('no-input-mutation (type-aware)', noInputMutation, {
  valid: [],
  invalid: [
    {
      name: 'the same with type information',
      code: lines(
        core,
        `export const f = differentiable((x: Real[]) => {`,
        `  x.reverse();`,
        `  return x;`,
        `});`,
      ),
      errors: [
        { messageId: 'mutation', data: { what: "'reverse()'", name: 'x' }, line: 3, column: 3 },
      ],
    },
  ],
});
