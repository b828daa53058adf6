/**
 * What generic code costs when nothing is differentiated: functions written with the math
 * vocabulary against the same code with raw operators, in one process. Reports medians and
 * ratios; never run as a test.
 *
 *   npm run build && npm run bench:rules-core
 *   BENCH_TIME=2000 npm run bench:rules-core      (ms per task; default 1000)
 *
 * Phases, in this order, because V8's type feedback depends on history:
 *   1. fresh: the vocabulary has only ever seen plain numbers;
 *   2. after the same functions ran on arrays (their slow path now has feedback);
 *   3. after the engine ran once (to be added with @pullback/engine, see the end of the file).
 * Phase 2 uses separate copies of the measured functions so that they are optimised afresh.
 */
import { Bench } from 'tinybench';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  div,
  exp,
  log1p,
  mul,
  neg,
  sin,
  slice,
  sqrt,
  square,
  sub,
  sum,
  tanh,
} from '@pullback/rules-core/math';

import * as vocabulary from '@pullback/rules-core/math';
import { add as pa, mul as pm, square as pq, sub as ps } from './plain-ops.js';

const time = Number(process.env.BENCH_TIME ?? 1000);

// --- Rosenbrock as a scalar loop --------------------------------------------------------------
function rosenbrockGeneric(x: RealArray): Real {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
}
function rosenbrockRaw(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    s = s + (100 * (d * d) + (1 - a) * (1 - a));
  }
  return s;
}

// The same loop through plain imported functions: what a call across modules costs by itself.
function rosenbrockImported(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    s = pa(s, pa(pm(100, pq(ps(x[i + 1], pq(a)))), pq(ps(1, a))));
  }
  return s;
}

// The same vocabulary bound to module-level constants: V8 then folds the functions into the loop
// the way it folds local code (see plain-ops.ts for why imported bindings are not).
const { add: lAdd, at: lAt, mul: lMul, square: lSquare, sub: lSub } = vocabulary;
function rosenbrockLocal(x: RealArray): Real {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = lAt(x, i);
    s = lAdd(s, lAdd(lMul(100, lSquare(lSub(lAt(x, i + 1), lSquare(a)))), lSquare(lSub(1, a))));
  }
  return s;
}

// --- a scalar-heavy function: elementary functions at many points ----------------------------
function heavyGeneric(x: RealArray): Real {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i += 2) {
    const a = at(x, i);
    const b = at(x, i + 1);
    const t = add(
      mul(sin(a), exp(neg(square(b)))),
      add(div(log1p(square(a)), sqrt(add(1, square(b)))), tanh(sub(a, b))),
    );
    s = add(s, t);
  }
  return s;
}
function heavyRaw(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    s +=
      Math.sin(a) * Math.exp(-(b * b)) +
      Math.log1p(a * a) / Math.sqrt(1 + b * b) +
      Math.tanh(a - b);
  }
  return s;
}

// --- Rosenbrock with whole-array operations (no raw counterpart: compared to the raw loop) ----
function rosenbrockArrays(x: RealArray): Real {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
}

// --- phase-2 copies: textually the same, separately optimised ---------------------------------
function rosenbrockGeneric2(x: RealArray): Real {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
}
function rosenbrockRaw2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const d = x[i + 1] - a * a;
    s = s + (100 * (d * d) + (1 - a) * (1 - a));
  }
  return s;
}
function heavyGeneric2(x: RealArray): Real {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i += 2) {
    const a = at(x, i);
    const b = at(x, i + 1);
    const t = add(
      mul(sin(a), exp(neg(square(b)))),
      add(div(log1p(square(a)), sqrt(add(1, square(b)))), tanh(sub(a, b))),
    );
    s = add(s, t);
  }
  return s;
}
function heavyRaw2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    s +=
      Math.sin(a) * Math.exp(-(b * b)) +
      Math.log1p(a * a) / Math.sqrt(1 + b * b) +
      Math.tanh(a - b);
  }
  return s;
}

// --- harness ---------------------------------------------------------------------------------
function point(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.5 * Math.sin(0.7 * i) + 0.1;
  return x;
}

interface Pair {
  readonly label: string;
  readonly generic: () => unknown;
  readonly raw: () => unknown;
}

function check(label: string, a: unknown, b: unknown): void {
  const x = a as number;
  const y = b as number;
  if (!(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)))) {
    throw new Error(`${label}: generic ${x} and raw ${y} disagree`);
  }
}

/**
 * Medians per task, measured in `rounds` alternating rounds so that a change in the machine's
 * load (other processes on 2 cores) hits both sides of a ratio alike; the ratio reported is the
 * median of the per-round ratios.
 */
async function measure(phase: string, pairs: readonly Pair[], rounds = 5): Promise<void> {
  console.log(`\n${phase}`);
  console.log('| function | generic median | raw median | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const p of pairs) {
    check(p.label, p.generic(), p.raw());
    const generic: number[] = [];
    const raw: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const bench = new Bench({ time: time / rounds, name: phase });
      bench.add('generic', p.generic);
      bench.add('raw', p.raw);
      await bench.run();
      const g = p50(bench, 'generic');
      const w = p50(bench, 'raw');
      generic.push(g);
      raw.push(w);
      ratios.push(g / w);
    }
    console.log(
      `| ${p.label} | ${fmt(median(generic))} | ${fmt(median(raw))} | ${median(ratios).toFixed(2)}x |`,
    );
  }
}

function p50(bench: Bench, name: string): number {
  const r = bench.getTask(name)?.result;
  if (r === undefined || !('latency' in r)) throw new Error(`${name} did not complete`);
  return r.latency.p50;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function fmt(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

const small = point(1e3);
const large = point(1e5);

await measure('1. fresh: the vocabulary has only seen numbers', [
  {
    label: 'Rosenbrock loop, n = 1e3',
    generic: () => rosenbrockGeneric(small),
    raw: () => rosenbrockRaw(small),
  },
  {
    label: 'Rosenbrock loop, n = 1e5',
    generic: () => rosenbrockGeneric(large),
    raw: () => rosenbrockRaw(large),
  },
  {
    label: 'scalar-heavy, 5e4 points',
    generic: () => heavyGeneric(large),
    raw: () => heavyRaw(large),
  },
  {
    label: 'Rosenbrock loop, vocabulary bound to local constants, n = 1e5',
    generic: () => rosenbrockLocal(large),
    raw: () => rosenbrockRaw(large),
  },
  {
    label: 'control: Rosenbrock loop through plain imported functions, n = 1e5',
    generic: () => rosenbrockImported(large),
    raw: () => rosenbrockRaw(large),
  },
]);

await measure('2a. whole-array operations (temporaries per operation) vs the raw loop', [
  {
    label: 'Rosenbrock arrays, n = 1e3',
    generic: () => rosenbrockArrays(small),
    raw: () => rosenbrockRaw(small),
  },
  {
    label: 'Rosenbrock arrays, n = 1e5',
    generic: () => rosenbrockArrays(large),
    raw: () => rosenbrockRaw(large),
  },
]);

// Every function used by the scalar loops has now also run on arrays.
for (const f of [sin, exp, neg, log1p, sqrt, tanh, div])
  (f as (x: unknown, y?: unknown) => unknown)(large, 2);

await measure('2b. after the same vocabulary functions ran on arrays', [
  {
    label: 'Rosenbrock loop, n = 1e3',
    generic: () => rosenbrockGeneric2(small),
    raw: () => rosenbrockRaw2(small),
  },
  {
    label: 'Rosenbrock loop, n = 1e5',
    generic: () => rosenbrockGeneric2(large),
    raw: () => rosenbrockRaw2(large),
  },
  {
    label: 'scalar-heavy, 5e4 points',
    generic: () => heavyGeneric2(large),
    raw: () => heavyRaw2(large),
  },
]);

// --- 3. After the engine ran once ---------------------------------------------------------------
// To be added with @pullback/engine: differentiate rosenbrockGeneric and heavyGeneric once
// (forward and reverse), then time third copies of them on plain numbers as above. rules-core
// cannot depend on the engine, so this phase belongs with the engine's benchmark or a root one.
