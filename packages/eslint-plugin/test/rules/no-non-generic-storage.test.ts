import { noNonGenericStorage } from '../../src/rules/no-non-generic-storage.js';
import { lines, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable } from '@pullback/rules-core';`;
const types = `import type { Real, RealArray } from '@pullback/rules-core';`;
const math = `import { similar, setAt, at } from '@pullback/rules-core/math';`;

untypedRuleTester().run('no-non-generic-storage', noNonGenericStorage, {
  valid: [
    {
      name: "the talk's goodcopy",
      code: lines(
        core,
        types,
        math,
        `export const goodcopy = differentiable(function goodcopy(x: RealArray) {`,
        `  const y = similar(x);`,
        `  for (let i = 0; i < x.length; i++) setAt(y, i, at(x, i));`,
        `  return y;`,
        `});`,
      ),
    },
    {
      name: 'a typed array that holds no value from the inputs',
      code: lines(
        core,
        types,
        math,
        `export const f = differentiable((x: RealArray, n: number) => {`,
        `  const weights = new Float64Array(n);`,
        `  for (let i = 0; i < n; i++) weights[i] = 1 / (i + 1);`,
        `  return at(x, weights.length - 1);`,
        `});`,
      ),
    },
    {
      name: 'an untyped plain array can hold active values',
      code: lines(
        core,
        types,
        math,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y = new Array(x.length).fill(0);`,
        `  y[0] = at(x, 0);`,
        `  return y;`,
        `});`,
      ),
    },
    {
      name: 'an array typed Real[] holds active values',
      code: lines(
        core,
        types,
        math,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y: Real[] = new Array(x.length).fill(0);`,
        `  y[0] = at(x, 0);`,
        `  return y;`,
        `});`,
      ),
    },
    {
      name: 'storage outside differentiable code',
      code: lines(
        types,
        math,
        `export function copy(x: number[]) {`,
        `  const y = new Float64Array(x.length);`,
        `  y.set(x);`,
        `  return y;`,
        `}`,
      ),
    },
    {
      name: 'a typed array made after every element was checked to be a number',
      code: lines(
        types,
        `export function packed(xs: Real[]): Float64Array | Real[] {`,
        `  for (const v of xs) if (typeof v !== 'number') return xs;`,
        `  return Float64Array.from(xs as number[]);`,
        `}`,
      ),
    },
    {
      name: 'number[] storage is allowed with checkNumberArrays: false',
      code: lines(
        core,
        types,
        math,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y: number[] = new Array(x.length).fill(0);`,
        `  y[0] = at(x, 0) as number;`,
        `  return y;`,
        `});`,
      ),
      options: [{ checkNumberArrays: false }],
    },
  ],
  invalid: [
    {
      name: 'a check that returns early only for the first element proves nothing',
      code: lines(
        types,
        `export function packed(xs: Real[]): Float64Array | Real[] {`,
        `  for (const v of xs) if (typeof v !== 'number') continue;`,
        `  return Float64Array.from(xs as number[]);`,
        `}`,
      ),
      errors: [{ messageId: 'typedArray', line: 4, column: 10, suggestions: [] }],
    },
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
          messageId: 'typedArray',
          data: { name: 'y', kind: 'Float64Array', input: 'x' },
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'useZerosLike',
              data: { name: 'y', kind: 'Float64Array', input: 'x' },
              output: lines(
                core,
                `import { zerosLike } from '@pullback/rules-core/math';`,
                `export const badcopy = differentiable(function badcopy(x: Float64Array) {`,
                `  const y = zerosLike(x);`,
                `  for (let i = 0; i < x.length; i++) y[i] = x[i];`,
                `  return y;`,
                `});`,
              ),
            },
            {
              messageId: 'useSimilar',
              data: { name: 'y', kind: 'Float64Array', input: 'x' },
              output: lines(
                core,
                `import { similar } from '@pullback/rules-core/math';`,
                `export const badcopy = differentiable(function badcopy(x: Float64Array) {`,
                `  const y = similar(x);`,
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
      name: 'an annotated binding is retyped RealArray',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => {`,
        `  const y: Float64Array = new Float64Array(x.length);`,
        `  setAt(y, 0, at(x, 0));`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'typedArray',
          line: 4,
          column: 27,
          suggestions: [
            {
              messageId: 'useZerosLike',
              output: lines(
                `import { differentiable, type RealArray } from '@pullback/rules-core';`,
                `import { similar, setAt, at, zerosLike } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x) => {`,
                `  const y: RealArray = zerosLike(x);`,
                `  setAt(y, 0, at(x, 0));`,
                `  return y;`,
                `});`,
              ),
            },
            {
              messageId: 'useSimilar',
              output: lines(
                `import { differentiable, type RealArray } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x) => {`,
                `  const y: RealArray = similar(x);`,
                `  setAt(y, 0, at(x, 0));`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'copies of the inputs made with from() and of()',
      code: lines(
        core,
        `export const f = differentiable((x, y) => [Float64Array.from(x), Float64Array.of(y, y)]);`,
      ),
      errors: [
        {
          messageId: 'typedArray',
          data: { name: 'Float64Array.from(x)', kind: 'Float64Array', input: 'x' },
          line: 2,
          column: 44,
          suggestions: [],
        },
        // No input has the length of Float64Array.of(y, y): the advice is a Real[].
        { messageId: 'typedArrayNoShape', line: 2, column: 66, endColumn: 87, suggestions: [] },
      ],
    },
    {
      name: 'a typed array built from an array literal of inputs',
      code: lines(core, `export const f = differentiable((a, b) => new Float32Array([a, b]));`),
      errors: [
        {
          messageId: 'typedArrayNoShape',
          data: { name: 'new Float32Array([a, b])', kind: 'Float32Array' },
          line: 2,
          column: 43,
        },
      ],
    },
    {
      name: 'number[] storage that receives input values',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => {`,
        `  const y: number[] = new Array(x.length).fill(0);`,
        `  y[0] = at(x, 0);`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'numberArray',
          data: { name: 'y', kind: 'number[]', input: 'x' },
          line: 4,
          column: 23,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'useZerosLike',
              output: lines(
                `import { differentiable, type RealArray } from '@pullback/rules-core';`,
                `import { similar, setAt, at, zerosLike } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x) => {`,
                `  const y: RealArray = zerosLike(x);`,
                `  y[0] = at(x, 0);`,
                `  return y;`,
                `});`,
              ),
            },
            {
              messageId: 'useSimilar',
              output: lines(
                `import { differentiable, type RealArray } from '@pullback/rules-core';`,
                math,
                `export const f = differentiable((x) => {`,
                `  const y: RealArray = similar(x);`,
                `  y[0] = at(x, 0);`,
                `  return y;`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'new Array<number>() says number[] in its type argument',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => {`,
        `  const y = new Array<number>(3);`,
        `  y.push(at(x, 0));`,
        `  return y;`,
        `});`,
      ),
      errors: [{ messageId: 'numberArrayNoShape', line: 4, column: 13, suggestions: [] }],
    },
    {
      name: 'a hidden layer: no input has its length, so the advice is a Real[], not similar(x)',
      code: lines(
        core,
        math,
        `export const f = differentiable((x) => {`,
        `  const h = new Float64Array(4);`,
        `  for (let i = 0; i < 4; i++) h[i] = at(x, 0) as number;`,
        `  return h;`,
        `});`,
      ),
      errors: [{ messageId: 'typedArrayNoShape', line: 4, column: 13, suggestions: [] }],
    },
  ],
});

typedRuleTester().run('no-non-generic-storage (type-aware)', noNonGenericStorage, {
  valid: [
    {
      name: 'a number-typed argument is a length, not values',
      code: lines(
        core,
        types,
        `import { primal } from '@pullback/rules-core';`,
        `import { at } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray, n: number) => {`,
        `  const y = new Float64Array(n);`,
        `  y[0] = primal(at(x, 0));`,
        `  return at(x, 0);`,
        `});`,
      ),
    },
    {
      name: 'TypeScript narrowed the values to numbers with a type predicate',
      code: lines(
        types,
        `declare function allNumbers(xs: readonly Real[]): xs is number[];`,
        `export function packed(xs: Real[]): Float64Array | Real[] {`,
        `  return allNumbers(xs) ? Float64Array.from(xs) : xs;`,
        `}`,
      ),
    },
  ],
  invalid: [
    {
      name: 'types say the storage is number[]',
      code: lines(
        core,
        types,
        `import { at } from '@pullback/rules-core/math';`,
        `export const f = differentiable((x: RealArray) => {`,
        `  const y = new Array(x.length).fill(0) as number[];`,
        `  y[0] = at(x, 0) as number;`,
        `  return y;`,
        `});`,
      ),
      errors: [
        {
          messageId: 'numberArray',
          line: 5,
          column: 13,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'useZerosLike',
              output: lines(
                core,
                types,
                `import { at, zerosLike } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x: RealArray) => {`,
                `  const y = zerosLike(x) as number[];`,
                `  y[0] = at(x, 0) as number;`,
                `  return y;`,
                `});`,
              ),
            },
            {
              messageId: 'useSimilar',
              output: lines(
                core,
                types,
                `import { at, similar } from '@pullback/rules-core/math';`,
                `export const f = differentiable((x: RealArray) => {`,
                `  const y = similar(x) as number[];`,
                `  y[0] = at(x, 0) as number;`,
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
