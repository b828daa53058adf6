/**
 * The talk's "Jacobian matrices are back" and "Complexities": a Jacobian column by column from
 * pushforwards along eⱼ (forward mode) and row by row from pullbacks of eᵢ (reverse mode), and
 * the cost table checked by counting the calls of f that each way makes.
 */
import { forward, jacobian, pullback, pushforward, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { add, at, cos, exp, mul, sin, square, sum } from '@pullback/rules-core/math';
import type { Transcript } from './transcript.js';

/** Wraps `f` so that its calls are counted. */
function counted<X, Y>(f: (x: X) => Y): { f: (x: X) => Y; calls: () => number; reset: () => void } {
  let calls = 0;
  return {
    f: (x: X) => {
      calls++;
      return f(x);
    },
    calls: () => calls,
    reset: () => void (calls = 0),
  };
}

const unit = (n: number, j: number): Float64Array => {
  const e = new Float64Array(n);
  e[j] = 1;
  return e;
};

/** The Jacobian of f: Rⁿ → Rᵐ as n pushforwards (its columns) or m pullbacks (its rows), row-major. */
export function jacobianByColumns(
  f: (x: RealArray) => RealArray,
  x: Float64Array,
  m: number,
): number[] {
  const n = x.length;
  const J = new Array<number>(m * n);
  for (let j = 0; j < n; j++) {
    const column = pushforward(f, forward(), x, unit(n, j)) as ArrayLike<number>;
    for (let i = 0; i < m; i++) J[i * n + j] = column[i];
  }
  return J;
}

/** See `jacobianByColumns`. */
export function jacobianByRows(
  f: (x: RealArray) => RealArray,
  x: Float64Array,
  m: number,
): number[] {
  const J: number[] = [];
  for (let i = 0; i < m; i++) J.push(...(pullback(f, reverse(), x, unit(m, i)) as Float64Array));
  return J;
}

/** f: R⁴ → R³, f(x) = (x₁x₂, sin x₃, x₄ + x₁²). */
const wide = (x: RealArray): RealArray => [
  mul(at(x, 0), at(x, 1)),
  sin(at(x, 2)),
  add(at(x, 3), square(at(x, 0))),
];
/** A curve R¹ → R³ (n = 1: a derivative), taking its input as a vector of length one. */
const curve = (x: RealArray): RealArray => [sin(at(x, 0)), cos(at(x, 0)), exp(at(x, 0))];
/** A loss R⁴ → R¹ (m = 1: a gradient), returning a vector of length one. */
const loss = (x: RealArray): RealArray => [sum(square(x))];

/** The two slides. */
export function jacobianCostSlides(t: Transcript): void {
  t.slide('Jacobian matrices are back');
  const x = new Float64Array([1, 2, 3, 4]);
  const expected = [2, 1, 0, 0, 0, 0, Math.cos(3), 0, 2, 0, 0, 1];
  const byColumns = jacobianByColumns(wide, x, 3);
  const byRows = jacobianByRows(wide, x, 3);
  t.showMatrix(
    'forward mode, column by column: J = (Je₁ … Je₄)',
    { rows: 3, cols: 4, data: byColumns },
    expected,
    1e-15,
  );
  t.showMatrix(
    'reverse mode, row by row: J = (e₁ᵀJ; e₂ᵀJ; e₃ᵀJ)',
    { rows: 3, cols: 4, data: byRows },
    expected,
    1e-15,
  );

  t.slide('Complexities');
  t.say('Each JVP or VJP costs one call of f, so counting calls of f counts the passes:');
  const cases: [string, (x: RealArray) => RealArray, Float64Array, number][] = [
    ['generic jacobian', wide, x, 3],
    ['derivative (n = 1)', curve, new Float64Array([0.5]), 3],
    ['gradient (m = 1)', loss, x, 1],
  ];
  for (const [name, f, at0, m] of cases) {
    const c = counted(f);
    jacobianByColumns(c.f, at0, m);
    const forwardCalls = c.calls();
    c.reset();
    jacobianByRows(c.f, at0, m);
    const reverseCalls = c.calls();
    // n forward passes, m reverse passes.
    t.show(
      `${name.padEnd(18)} n, m, forward passes, reverse passes`,
      [at0.length, m, forwardCalls, reverseCalls],
      [at0.length, m, at0.length, m],
    );
  }
  t.say(
    'Best mode: forward for a derivative, reverse for a gradient; for a generic jacobian it depends.',
  );
  // pullback's own jacobian: forward mode carries a chunk of tangents per call of f (ForwardDiff's
  // chunk mode), reverse mode records f once and sweeps the tape once per row.
  const c = counted(wide);
  jacobian(c.f, forward({ chunkSize: 1 }), x);
  const chunkOne = c.calls();
  c.reset();
  jacobian(c.f, forward(), x);
  const chunked = c.calls();
  c.reset();
  jacobian(c.f, reverse(), x);
  t.show(
    'jacobian(f, forward({ chunkSize: 1 })), forward(), reverse(): calls of f',
    [chunkOne, chunked, c.calls()],
    [4, 1, 1],
  );
}
