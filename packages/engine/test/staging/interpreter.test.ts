import { afterEach, describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  cos,
  div,
  dot,
  gt,
  ifElse,
  log1p,
  logsumexp,
  matvec,
  mul,
  sin,
  slice,
  softmax,
  sqrt,
  square,
  sum,
  tanh,
} from '@pullback/rules-core/math';
import {
  forward,
  hvp,
  prepareGradient,
  prepareHvp,
  preparePushforward,
  reverse,
} from '@pullback/engine';
import { StagedPreparation } from '../../src/staging/staged-preparation.js';
import { flatten, sizeOf } from '../../src/tree/structure.js';
import { simulateNoCodeGeneration } from '../../src/staging/code-generation.js';
import { PassContext } from '../../src/interpreters/pass-context.js';
import { heavy, rosenbrockArray, rosenbrockLoop, rosenbrockMap2 } from '../fixtures/rosenbrock.js';
import { scenarios } from '../scenarios.js';
import { scenarios as differentiationScenarios } from '@pullback/test-utils';
import { copyInput, jacobianFunction, programCases, scalarFunction } from '../programs/index.js';

// The interpreter runs the compiled programs where code cannot be generated. It must give what
// the generated code gives: every program here runs both ways, in every mode the generators
// cover (value, reverse with a cotangent, forward with lanes, forward over reverse with lanes).
// Both run the same IR in the same order, so they agree to the last bit but for the sign of a
// zero; 1e-12 of the largest entry (the standard of the other staging tests) is the bound.

afterEach(() => simulateNoCodeGeneration(false));

const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);

/** Runs `body` as if `new Function` were forbidden. */
function interpreted<T>(body: () => T): T {
  simulateNoCodeGeneration(true);
  try {
    return body();
  } finally {
    simulateNoCodeGeneration(false);
  }
}

function same(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = Array.from(expected).reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    expect(Math.abs(a - e), `${what}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(1e-12 * scale);
  }
}

type Results = Record<string, Float64Array> | undefined;
function sameResults(a: Results, e: Results, what: string): void {
  expect(a === undefined, `${what}: one way ran, the other did not`).toBe(e === undefined);
  if (a === undefined || e === undefined) return;
  for (const key of Object.keys(e)) same(a[key], e[key], `${what} ${key}`);
}

/** A direction or cotangent with zeros, negatives and repeats, deterministic. */
const pattern = (n: number, k: number): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => ((i * 7 + k * 3) % 5 === 0 ? 0 : Math.sin(i + k)));

/**
 * Runs `f` at `x` through generated code and through the interpreter in every mode, and holds
 * them equal. Returns how many results were compared (0 when nothing compiled).
 */
function bothWays(f: (x: never, ...rest: never[]) => unknown, x: unknown, rest: unknown[] = []) {
  const gen = new StagedPreparation(f, copyInput(x), rest, config);
  const int = interpreted(() => new StagedPreparation(f, copyInput(x), rest, config));
  const out = gen.output;
  if (out === undefined || !gen.compilation.compiled) {
    expect(int.compilation.compiled).toBe(false);
    return 0;
  }
  const X = flatten(copyInput(x));
  const n = X.length;
  const m = sizeOf(out);
  let compared = 0;
  const run = (what: string, call: (sp: StagedPreparation) => Results): void => {
    const e = call(gen);
    const a = interpreted(() => call(int));
    sameResults(a, e, what);
    if (e !== undefined) compared++;
  };
  for (const withValue of [true, false]) {
    run(`vjp (value: ${withValue})`, (sp) =>
      sp.vjp(copyInput(x), X.slice(), rest, pattern(m, 1), withValue),
    );
  }
  if (out.kind === 'number') run('gradient', (sp) => sp.vjp(x, X.slice(), rest, undefined, true));
  for (const lanes of [1, 3]) {
    run(`jvp, ${lanes} lanes`, (sp) =>
      sp.jvp(copyInput(x), X.slice(), rest, pattern(n * lanes, 2), lanes),
    );
  }
  // Last: forward over reverse does not compile everything (rule calls), and then stays eager.
  for (const lanes of [1, 3]) {
    run(`hvp, ${lanes} lanes`, (sp) =>
      sp.hvp(copyInput(x), X.slice(), rest, pattern(n * lanes, 3), lanes, pattern(m, 4)),
    );
  }
  if (int.compilation.compiled) expect(int.compilation.engine).toBe('interpreted');
  if (gen.compilation.compiled) expect(gen.compilation.engine).toBe('generated');
  return compared;
}

const x6 = new Float64Array([0.3, -1.2, 0.8, 2, 1.1, 0.4]);
const vectorOut = (x: RealArray): RealArray => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return div(tanh(mul(a, b)), add(2, sqrt(add(1, square(b)))));
};
const recurrence = (x: RealArray): Real => {
  let v: Real = 1;
  for (let i = 0; i < x.length; i++) v = log1p(add(square(v), mul(at(x, i), v)));
  return v;
};
const branches = (x: RealArray): Real =>
  sum(ifElse(gt(x, 0.5), mul(x, x), sin(x)) as RealArray) as Real;
const rules = (x: RealArray): Real =>
  add(
    logsumexp(x),
    dot(
      slice(softmax(x), 0, 2),
      matvec({ rows: 2, cols: 3, data: slice(x, 0, 6) }, slice(x, 0, 3)),
    ),
  );
const scaled = differentiable(
  (a: Real, b: Real): Real => mul(a, sin(b)),
  { partials: (a: Real, b: Real) => [sin(b), mul(a, cos(b))] },
  { name: 'scaled' },
);
const scalarRule = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) s = add(s, scaled(at(x, i), at(x, i + 1)));
  return s;
};
const extraArgument = (x: RealArray, w: Float64Array): Real => sum(mul(w, square(x)));
// Values from outside a loop are one number per call in the interpreter's blocked loops, and
// so are the partials and adjoints that only they make: infinite ones must still send nothing
// through a zero adjoint (pattern() has zeros), as generated code's tests do.
const outsideFactors = (x: RealArray, w: Float64Array): RealArray =>
  mul(div(x, at(w, 0)), add(at(w, 1), sum(x)));
const outsideInfinite = [new Float64Array([0, Infinity])];
const outsideSum = (x: RealArray, w: Float64Array): Real =>
  sum(mul(at(w, 1), square(div(x, at(w, 0)))));
const outsideMixed = (x: RealArray, w: Float64Array): Real => {
  const s = sum(x);
  const t = add(at(w, 1), s);
  let r: Real = sum(mul(at(w, 1), mul(x, t)));
  for (let i = 0; i < x.length; i++) {
    const a = at(x, i);
    r = add(r, add(mul(a, at(w, 1)), mul(at(w, 1), square(div(a, at(w, 0))))));
  }
  return r;
};
const captured = new Float64Array([1, 2, 3, 4, 5, 6]);
const closesOver = (x: RealArray): Real => dot(captured, tanh(x));

describe('the interpreter computes what generated code computes', () => {
  const cases: readonly (readonly [string, (x: never, ...r: never[]) => unknown, unknown[]?])[] = [
    ['Rosenbrock, scalar loop', rosenbrockLoop],
    ['Rosenbrock, whole-array', rosenbrockArray],
    ['Rosenbrock, map2', rosenbrockMap2],
    ['nested loops (heavy)', heavy],
    ['a general recurrence', recurrence],
    ['a vector output', vectorOut],
    ['branches written with ifElse', branches],
    ['calls through rules', rules],
    ['a scalar rule in a loop', scalarRule],
    ['an extra argument read at run time', extraArgument, [new Float64Array(6).fill(0.5)]],
    ['a captured array', closesOver],
    ['infinite factors from outside a loop', outsideFactors, outsideInfinite],
    ['infinite factors from outside a sum', outsideSum, outsideInfinite],
    ['finite factors from outside a loop', outsideFactors, [new Float64Array([0.5, -3])]],
    ['infinite factors, mixed', outsideMixed, outsideInfinite],
  ];
  for (const [name, f, rest] of cases) {
    it(name, () => {
      // Every mode (a gradient for a scalar output), but forward over reverse through rules.
      const vector = f === vectorOut || f === outsideFactors;
      const modes = (vector ? 6 : 7) - (f === rules || f === scalarRule ? 2 : 0);
      expect(bothWays(f, x6, rest)).toBe(modes);
    });
  }

  it('the reference scenarios', () => {
    let ran = 0;
    for (const s of scenarios) ran += bothWays(s.f, s.x());
    expect(ran).toBeGreaterThan(0);
  });

  it("testDifferentiation's scenarios", () => {
    let ran = 0;
    for (const s of differentiationScenarios.default())
      ran += bothWays((x: never) => s.f(x), copyInput(s.x));
    expect(ran).toBeGreaterThan(0);
  });

  it('a zero cotangent of a sum sends nothing through infinite factors from outside it', () => {
    const x = x6.slice();
    const zero = new Float64Array(1);
    for (const f of [outsideSum, outsideMixed]) {
      const gen = new StagedPreparation(f, x, outsideInfinite, config);
      const int = interpreted(() => new StagedPreparation(f, x, outsideInfinite, config));
      const e = gen.vjp(x, x.slice(), outsideInfinite, zero, true);
      const a = interpreted(() => int.vjp(x, x.slice(), outsideInfinite, zero, true));
      expect(int.compilation.engine).toBe('interpreted');
      expect(Array.from(e?.g ?? [])).toEqual(Array.from(x, () => 0));
      sameResults(a, e, 'vjp with a zero cotangent');
    }
  });

  fcTest.prop([programCases()], { numRuns: 60 })('random programs', ({ program, x }) => {
    bothWays(scalarFunction(program) as never, x);
    bothWays(jacobianFunction(program) as never, x);
  });
});

describe('prepared operators run on the interpreter where code cannot be generated', () => {
  it('say so in compilation and explain(), with the eager results', () => {
    const x = new Float64Array(50).map((_, i) => Math.cos(i));
    const p = interpreted(() => prepareGradient(rosenbrockLoop, reverse(), x));
    const g = interpreted(() => p.gradient(x));
    expect(p.compilation).toMatchObject({ compiled: true, engine: 'interpreted' });
    expect(p.explain()).toMatch(/interpreter/);
    same(
      g,
      prepareGradient(rosenbrockLoop, reverse({ compile: false }), x).gradient(x) as never,
      'g',
    );
    const v = x.map((t) => t * 0.5);
    const h = interpreted(() => prepareHvp(rosenbrockArray, reverse(), x));
    same(
      interpreted(() => h.hvp(x, v)) as Float64Array,
      hvp(rosenbrockArray, reverse(), x, v) as Float64Array,
      'hv',
    );
    const f = interpreted(() => preparePushforward(vectorOut, forward(), x));
    expect(interpreted(() => f.pushforward(x, v))).toBeDefined();
    expect(f.compilation.engine).toBe('interpreted');
  });

  it('generated code says so too', () => {
    const p = prepareGradient(rosenbrockLoop, reverse(), x6);
    p.gradient(x6);
    expect(p.compilation.engine).toBe('generated');
  });
});
