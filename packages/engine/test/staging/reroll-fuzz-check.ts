/**
 * Checks one loop program (loop-programs.ts) in every prepared mode that applies against the
 * eager engine: see reroll-fuzz.test.ts.
 */
import { expect } from 'vitest';
import {
  derivative,
  forward,
  gradientAndHvp,
  gradient,
  hvp,
  jacobian,
  prepareDerivative,
  prepareGradient,
  prepareHvp,
  prepareJacobian,
  preparePushforward,
  pushforward,
  reverse,
  secondOrder,
  valueAndDerivative,
  valueAndGradient,
  valueAndJacobian,
  valueAndPushforward,
} from '@pullback/engine';
import { simulateNoCodeGeneration } from '../../src/staging/code-generation.js';
import {
  features,
  inputOf,
  loopFunction,
  Margin,
  show,
  type LoopProgram,
} from './loop-programs.js';

/**
 * Why a program of this language may stay eager, by design (forward over reverse, for hvps):
 * the hot primitives have second partials, the scalar rules (`pow`, `hypot`, `atan2`, `cbrt`,
 * `sinh`) do not, and calls through rules (`logsumexp`) are not compiled there yet.
 */
const KNOWN_EAGER: readonly RegExp[] = [
  /scalar rules have no second partials for forward over reverse/,
  /calls functions through their rules, which forward over reverse does not compile yet/,
];

/** How often each mode compiled or stayed eager (and why), printed with REROLL_FUZZ_REPORT=1. */
const counts = new Map<string, number>();
const tally = (key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
export const report = (): string =>
  [...counts]
    .sort()
    .map(([k, n]) => `${n}\t${k}`)
    .join('\n');

type Fn = (x: never) => never;
type Prepared = {
  compilation: { compiled: boolean; reason?: string; engine?: string };
  source(): string | undefined;
};

/** A method of a prepared operator, and the same computed eagerly. */
interface Method {
  readonly call: (p: Prepared, x: unknown, t: unknown) => unknown;
  readonly eager: (f: Fn, x: unknown, t: unknown) => unknown;
}

/** One prepared operator: how to prepare it, and its method and its method with the value. */
interface Mode {
  readonly name: string;
  readonly prepare: (f: Fn, x0: unknown) => Prepared;
  readonly methods: readonly [Method, Method];
}

const eagerForward = forward({ compile: false });
const eagerReverse = reverse({ compile: false });
const eagerSecondOrder = secondOrder(eagerForward, eagerReverse);
type P<K extends string> = Prepared & Record<K, (...a: unknown[]) => unknown>;
/** A method; only pushforwards and hvps take a direction (others are strict about extra arguments). */
const method = <K extends string>(
  name: K,
  eager: (f: Fn, x: never, t: never) => unknown,
): Method => ({
  call: (p, x, t) => (/ushforward|vp/i.test(name) ? (p as P<K>)[name](x, t) : (p as P<K>)[name](x)),
  eager: (f, x, t) => eager(f, x as never, t as never),
});

const gradientMode: Mode = {
  name: 'gradient',
  prepare: (f, x0) => prepareGradient(f, reverse(), x0 as never),
  methods: [
    method('gradient', (f, x) => gradient(f, eagerReverse, x)),
    method('valueAndGradient', (f, x) => valueAndGradient(f, eagerReverse, x)),
  ],
};
const pushforwardMode: Mode = {
  name: 'pushforward',
  prepare: (f, x0) => preparePushforward(f, forward(), x0 as never),
  methods: [
    method('pushforward', (f, x, t) => pushforward(f, eagerForward, x, t)),
    method('valueAndPushforward', (f, x, t) => valueAndPushforward(f, eagerForward, x, t)),
  ],
};
const hvpMode: Mode = {
  name: 'hvp',
  prepare: (f, x0) => prepareHvp(f, secondOrder(forward(), reverse()), x0 as never),
  methods: [
    method('hvp', (f, x, t) => hvp(f, eagerSecondOrder, x, t)),
    method('gradientAndHvp', (f, x, t) => gradientAndHvp(f, eagerSecondOrder, x, t)),
  ],
};
const derivativeMode: Mode = {
  name: 'derivative',
  prepare: (f, x0) => prepareDerivative(f, forward(), x0 as number),
  methods: [
    method('derivative', (f, x) => derivative(f, eagerForward, x)),
    method('valueAndDerivative', (f, x) => valueAndDerivative(f, eagerForward, x)),
  ],
};
const jacobianMode = (direction: 'forward' | 'reverse'): Mode => {
  const eager = direction === 'forward' ? eagerForward : eagerReverse;
  return {
    name: `jacobian ${direction}`,
    prepare: (f, x0) =>
      prepareJacobian(f, direction === 'forward' ? forward() : reverse(), x0 as never),
    methods: [
      method('jacobian', (f, x) => jacobian(f, eager, x)),
      method('valueAndJacobian', (f, x) => valueAndJacobian(f, eager, x)),
    ],
  };
};

/**
 * The calls made, in order: each method's first call (its kernel's, where the first-call check
 * compares with the eager engine) at the preparation point, then both at two other points.
 */
const CALLS: readonly (readonly [0 | 1, number])[] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [0, 2],
];

function modesOf(p: LoopProgram): Mode[] {
  const modes: Mode[] = [pushforwardMode];
  if (p.input === 'scalar') modes.push(derivativeMode);
  if (!p.array) modes.push(gradientMode, hvpMode);
  else modes.push(jacobianMode('forward'), jacobianMode('reverse'));
  return modes;
}

/** Every number of a result (numbers, arrays, typed arrays, plain objects, matrices), in order. */
function numbers(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (v instanceof Float64Array || Array.isArray(v)) for (const e of v) numbers(e, out);
  else if (typeof v === 'object' && v !== null)
    for (const k of Object.keys(v)) numbers((v as Record<string, unknown>)[k], out);
  else throw new Error(`unexpected result ${String(v)}`);
  return out;
}

/**
 * Both engines run the same IEEE operations in the same order except sums, which compiled
 * loops may add in another order (fused reductions, adjoints accumulated in another order):
 * rounding of at most a few hundred terms of magnitude up to ~1e3 is below 1e-11 of the
 * largest magnitude (floored at 1), while a wrong loop is off by far more (the bugs of
 * 8a8c6ce and 87d6daa: 0.1 to 1). 1e-10 leaves a margin for that reassociation.
 */
function expectClose(compiled: unknown, eager: unknown, what: () => string): void {
  const a = numbers(compiled);
  const b = numbers(eager);
  expect(a.length, what()).toBe(b.length);
  const scale = Math.max(1, ...b.filter(Number.isFinite).map(Math.abs));
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i]))) continue;
    expect(Math.abs(a[i] - b[i]), `${what()}\nentry ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(
      1e-10 * scale,
    );
  }
}

/** Checks one program in every mode; `interpreted` runs it where code cannot be generated. */
export function check(
  p: LoopProgram,
  start: 'zeros' | 'constant' | 'random',
  values: readonly number[],
  interpreted: boolean,
): void {
  const size = p.length + 1;
  const point = (k: number): unknown =>
    inputOf(
      p,
      k === 0 && start === 'zeros'
        ? values.map(() => 0)
        : k === 0 && start === 'constant'
          ? values.map(() => 0.7)
          : values.slice(k * size, (k + 1) * size),
    );
  const direction = (k: number): unknown =>
    inputOf(p, values.slice((3 + k) * size, (4 + k) * size));
  // Points where a comparison is within rounding of a tie may take either branch in either engine.
  for (const k of [1, 2]) {
    const margin = new Margin();
    loopFunction(p, margin)(point(k));
    if (margin.smallest > 0 && margin.smallest < 1e-9) {
      tally('skipped: a comparison within 1e-9 of a tie');
      return;
    }
  }
  const f = loopFunction(p) as unknown as Fn;
  for (const name of features(p)) tally(`program: ${name}`);
  for (const mode of modesOf(p)) {
    const what = (): string =>
      `${mode.name}${interpreted ? ' (interpreted)' : ''}, first called at ${start}:\n${show(p)}`;
    simulateNoCodeGeneration(interpreted);
    try {
      const prepared = mode.prepare(f, point(0));
      for (const [m, k] of CALLS) {
        const { call, eager } = mode.methods[m];
        expectClose(
          call(prepared, point(k), direction(k)),
          eager(f, point(k), direction(k)),
          () => `${what()}\n${m === 0 ? 'method' : 'method with the value'} at point ${k}`,
        );
      }
      const c = prepared.compilation;
      const known = KNOWN_EAGER.find((r) => r.test(c.reason ?? ''));
      tally(c.compiled ? `${mode.name}: compiled` : `${mode.name}: eager, ${c.reason}`);
      if (/for \(/.test(prepared.source() ?? '')) tally(`${mode.name}: compiled with a loop`);
      if (!c.compiled && known !== undefined) continue;
      expect(c.compiled, `${what()}\nnot compiled: ${c.reason}`).toBe(true);
      expect(c.engine, what()).toBe(interpreted ? 'interpreted' : 'generated');
    } finally {
      simulateNoCodeGeneration(false);
    }
  }
}
