/**
 * The cost of calling users' rules (the checks of what they return, the wrapping of what they
 * throw): 1e5 calls of a scalar function declared with each kind of rule, inside one
 * derivative, paired with the same loop over a hot primitive (`mul`, no rule call) so that the
 * machine's drift cancels. Run: `npm run build && npx tsc -p packages/engine/bench/tsconfig.json
 * && node packages/engine/bench/dist/rule-boundary.bench.js`.
 */
import { differentiable, scalarRule, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';
import { derivative, forward, gradient, reverse } from '@pullback/engine';
import { paired } from './paired.js';

const N = 100_000;

/** x³ with only an rrule. */
const cubeR: (x: Real) => Real = differentiable((x: Real): Real => mul(x, mul(x, x)), {
  rrule: ([x]) => [cubeR(x), (dy) => [mul(dy as Real, mul(3, mul(x, x)))]],
});

/** x³ with only an frule. */
const cubeF: (x: Real) => Real = differentiable((x: Real): Real => mul(x, mul(x, x)), {
  frule: ([x], [dx]) => [cubeF(x), mul(dx as Real, mul(3, mul(x, x)))],
});

/** x³ by its partials. */
const cubeP = scalarRule(
  (x: number) => x * x * x,
  (x) => [mul(3, mul(x, x))],
);

const x = Float64Array.from({ length: N }, (_, i) => 1 + i / N);

const sumOver =
  (g: (v: Real) => Real) =>
  (v: RealArray): Real => {
    let s: Real = 0;
    for (let i = 0; i < N; i++) s = add(s, g(at(v, i)));
    return s;
  };

/** 1e5 calls on one scalar input, for forward mode (one lane). */
const chain =
  (g: (v: Real) => Real) =>
  (t: Real): Real => {
    let s: Real = 0;
    for (let i = 0; i < N; i++) s = add(s, g(mul(t, 1 + i / N)));
    return s;
  };

const hot = (v: Real): Real => mul(v, v);

const cases: [string, () => unknown, () => unknown][] = [
  [
    'reverse, rrule',
    () => gradient(sumOver(cubeR), reverse(), x),
    () => gradient(sumOver(hot), reverse(), x),
  ],
  [
    'reverse, frule',
    () => gradient(sumOver(cubeF), reverse(), x),
    () => gradient(sumOver(hot), reverse(), x),
  ],
  [
    'reverse, partials',
    () => gradient(sumOver(cubeP), reverse(), x),
    () => gradient(sumOver(hot), reverse(), x),
  ],
  [
    'forward, frule',
    () => derivative(chain(cubeF), forward(), 0.5),
    () => derivative(chain(hot), forward(), 0.5),
  ],
  [
    'forward, rrule',
    () => derivative(chain(cubeR), forward(), 0.5),
    () => derivative(chain(hot), forward(), 0.5),
  ],
];

for (const [name, fn, base] of cases) {
  const r = await paired(fn, base, 4000, 5);
  console.log(
    `${name.padEnd(18)} ${r.ms.toFixed(2).padStart(8)} ms   (mul loop ${r.baseMs.toFixed(2)} ms, ratio ${r.ratio.toFixed(2)})`,
  );
}
