import { noImpureKernel } from '../../src/rules/no-impure-kernel.js';
import { lines, untypedRuleTester } from '../rule-tester.js';

const core = `import { differentiable, primal, type RealArray } from '@pullback/rules-core';`;
const math = `import { at, div, exp, map, map2, mul, setAt, similar, sum } from '@pullback/rules-core/math';`;

untypedRuleTester().run('no-impure-kernel', noImpureKernel, {
  valid: [
    {
      name: 'kernels that read their arguments and captured constants',
      code: lines(
        core,
        math,
        `const scale = 2;`,
        `export const f = differentiable((v: RealArray, w: RealArray) =>`,
        `  sum(map2((e, wi) => mul(scale, mul(e, wi)), v, w)));`,
      ),
    },
    {
      name: 'a kernel with locals of its own',
      code: lines(
        core,
        math,
        `export const f = differentiable((v: RealArray) => sum(map((e) => {`,
        `  let t = mul(e, e);`,
        `  t = exp(t);`,
        `  return t;`,
        `}, v)));`,
      ),
    },
    {
      name: 'a local map that is not pullback’s',
      code: lines(
        `const map = (f: (x: number) => number, xs: number[]) => xs.map(f);`,
        `let calls = 0;`,
        `export const ys = map((x) => { calls++; return x * 2; }, [1, 2]);`,
      ),
    },
    {
      name: 'counting outside the kernel',
      code: lines(
        core,
        math,
        `export const f = differentiable((v: RealArray) => {`,
        `  let n = 0;`,
        `  for (let i = 0; i < v.length; i++) n++;`,
        `  return mul(n, sum(map((e) => exp(e), v)));`,
        `});`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a captured counter incremented per element (issue 11, item 16)',
      code: lines(
        core,
        math,
        `export const f = differentiable((v: RealArray, w: RealArray) => {`,
        `  let i = 0;`,
        `  return sum(map((e) => mul(e, at(w, i++)), v));`,
        `});`,
      ),
      errors: [{ messageId: 'capturedState', data: { mapper: 'map', name: 'i' }, line: 5 }],
    },
    {
      name: 'a dropout mask drawn inside the kernel',
      code: lines(
        core,
        math,
        `export const f = differentiable((h: RealArray) =>`,
        `  map((e) => (Math.random() < 0.2 ? 0 : div(e, 0.8)), h));`,
      ),
      errors: [{ messageId: 'nondeterministic', data: { mapper: 'map', name: 'Math.random()' } }],
    },
    {
      name: 'writes into captured storage: push, an element, setAt, an assignment',
      code: lines(
        core,
        math,
        `const seen: number[] = [];`,
        `export const f = differentiable((v: RealArray) => {`,
        `  const out = similar(v);`,
        `  let last = 0;`,
        `  const kernel = (e: number) => {`,
        `    seen.push(primal(e));`,
        `    out[0] = e;`,
        `    setAt(out, 1, e);`,
        `    last = e;`,
        `    return e;`,
        `  };`,
        `  return sum(map(kernel, v));`,
        `});`,
      ),
      errors: [
        { messageId: 'capturedState', data: { mapper: 'map', name: 'seen' }, line: 8 },
        { messageId: 'capturedState', data: { mapper: 'map', name: 'out' }, line: 9 },
        { messageId: 'capturedState', data: { mapper: 'map', name: 'out' }, line: 10 },
        { messageId: 'capturedState', data: { mapper: 'map', name: 'last' }, line: 11 },
      ],
    },
  ],
});
