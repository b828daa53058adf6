import { noTypedArrayWrite } from '../../src/rules/no-typed-array-write.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, type Real, type RealArray } from '@pullback/rules-core';`;
const math = `import { similar, setAt, at } from '@pullback/rules-core/math';`;

untypedRuleTester().run('no-typed-array-write', noTypedArrayWrite, {
  valid: [
    {
      name: "the talk's goodcopy: similar(x) written with setAt",
      code: lines(
        core,
        math,
        `export const goodcopy = differentiable(function goodcopy(x: RealArray) {`,
        `  const y = similar(x);`,
        `  for (let i = 0; i < x.length; i++) setAt(y, i, at(x, i));`,
        `  return y;`,
        `});`,
      ),
    },
    {
      name: 'a typed array of indices receives no value from the inputs',
      code: lines(
        core,
        math,
        `export const f = differentiable((x: RealArray) => {`,
        `  const order = new Int32Array(x.length);`,
        `  for (let i = 0; i < x.length; i++) order[i] = x.length - 1 - i;`,
        `  order.fill(0, 0, 1);`,
        `  return at(x, order[0]);`,
        `});`,
      ),
    },
    {
      name: 'typed arrays outside differentiable code are not checked',
      code: lines(
        core,
        `export function ramp(n: number): Float64Array {`,
        `  const y = new Float64Array(n);`,
        `  for (let i = 0; i < n; i++) y[i] = i;`,
        `  return y;`,
        `}`,
      ),
    },
    {
      name: 'plain arrays can hold active values',
      code: lines(
        core,
        `export const f = differentiable((x: Real) => {`,
        `  const out: Real[] = [];`,
        `  out[0] = x;`,
        `  return out;`,
        `});`,
      ),
    },
    {
      name: 'non-mutating copies are fine',
      code: lines(
        core,
        `export const f = differentiable((x: Float64Array) => x.toSorted().with(0, 1));`,
      ),
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
          messageId: 'indexWrite',
          data: { name: 'y' },
          line: 4,
          column: 38,
          endLine: 4,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useSetAt',
              output: lines(
                core,
                `import { setAt } from '@pullback/rules-core/math';`,
                `export const badcopy = differentiable(function badcopy(x: Float64Array) {`,
                `  const y = new Float64Array(x.length);`,
                `  for (let i = 0; i < x.length; i++) setAt(y, i, x[i]);`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'compound assignment and increment of elements',
      code: lines(
        core,
        math,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y = similar(x);`,
        `  y[0] += at(x, 0);`,
        `  y[1]++;`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'indexWrite',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'useSetAt',
              output: lines(
                core,
                math.replace('at }', 'at, add }'),
                `export const f = differentiable((x: RealArray) => {`,
                `  const y = similar(x);`,
                `  setAt(y, 0, add(at(y, 0), at(x, 0)));`,
                `  y[1]++;`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
        {
          messageId: 'indexWrite',
          line: 6,
          column: 3,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'useSetAt',
              output: lines(
                core,
                math.replace('at }', 'at, add }'),
                `export const f = differentiable((x: RealArray) => {`,
                `  const y = similar(x);`,
                `  y[0] += at(x, 0);`,
                `  setAt(y, 1, add(at(y, 1), 1));`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'sorting and reversing in place, with non-mutating suggestions',
      code: lines(
        core,
        `export const f = differentiable((x: Float64Array) => {`,
        `  const y = x.slice();`,
        `  y.sort();`,
        `  return y.reverse();`,
        `});`,
      ),
      errors: [
        {
          messageId: 'mutatingMethod',
          data: {
            method: 'sort',
            name: 'y',
            alternative: 'use toSorted(), which returns a new array',
          },
          line: 4,
          column: 3,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'useNonMutating',
              data: { replacement: 'toSorted' },
              output: lines(
                core,
                `export const f = differentiable((x: Float64Array) => {`,
                `  const y = x.slice();`,
                `  y.toSorted();`,
                `  return y.reverse();`,
                `});`,
              ),
            },
          ],
        },
        {
          messageId: 'mutatingMethod',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'useNonMutating',
              output: lines(
                core,
                `export const f = differentiable((x: Float64Array) => {`,
                `  const y = x.slice();`,
                `  y.sort();`,
                `  return y.toReversed();`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'set() copies input values into a typed array',
      code: lines(
        core,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y = new Float64Array(x.length);`,
        `  y.set(x);`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'mutatingMethod',
          data: {
            method: 'set',
            name: 'y',
            alternative: 'build the values in similar(x) storage with setAt(y, i, v)',
          },
          line: 4,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'every write, with checkAllWrites',
      code: lines(
        core,
        `export const f = differentiable((x: RealArray) => {`,
        `  let order = new Int32Array(x.length);`,
        `  order[0] = 1;`,
        `  return x;`,
        `});`,
      ),
      options: [{ checkAllWrites: true }],
      errors: [
        {
          messageId: 'indexWrite',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'useSetAt',
              output: lines(
                core,
                `import { setAt } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x: RealArray) => {`,
                `  let order = new Int32Array(x.length);`,
                `  setAt(order, 0, 1);`,
                `  return x;`,
                `});`,
              ),
            },
            {
              messageId: 'useWith',
              data: { name: 'order' },
              output: lines(
                core,
                `export const f = differentiable((x: RealArray) => {`,
                `  let order = new Int32Array(x.length);`,
                `  order = order.with(0, 1);`,
                `  return x;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester().run('no-typed-array-write (type-aware)', noTypedArrayWrite, {
  valid: [
    {
      name: 'a Real[] is not a typed array',
      code: lines(
        core,
        `function buffer(n: number): Real[] {`,
        `  return new Array<Real>(n).fill(0);`,
        `}`,
        `export const f = differentiable((x: Real) => {`,
        `  const y = buffer(2);`,
        `  y[0] = x;`,
        `  return y;`,
        `});`,
      ),
    },
  ],
  invalid: [
    {
      name: 'types reveal a typed array that comes from elsewhere',
      code: lines(
        core,
        math,
        `function buffer(n: number): Float64Array {`,
        `  return new Float64Array(n);`,
        `}`,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y = buffer(x.length);`,
        `  y[0] = at(x, 0) as number;`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'indexWrite',
          line: 8,
          column: 3,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'useSetAt',
              output: lines(
                core,
                math,
                `function buffer(n: number): Float64Array {`,
                `  return new Float64Array(n);`,
                `}`,
                `export const f = differentiable((x: RealArray) => {`,
                `  const y = buffer(x.length);`,
                `  setAt(y, 0, at(x, 0) as number);`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
  ],
});
