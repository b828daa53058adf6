import { describe } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  cos,
  exp,
  log1p,
  map2,
  mul,
  sin,
  slice,
  square,
  sub,
  sum,
  tanh,
} from '@pullback/rules-core/math';
import {
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  pullback,
  pushforward,
  reverse,
  secondOrder,
} from '@pullback/engine';
import { expectClose, flat } from './helpers.js';

const rosenbrock = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};
const smooth = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++)
    s = add(s, mul(sin(at(x, i)), exp(mul(0.3, at(x, (i + 1) % x.length)))));
  return add(s, log1p(square(sum(x))));
};
const kernels = (x: RealArray): Real =>
  sum(
    map2(
      (u: Real, v: Real) => tanh(mul(u, cos(v))),
      slice(x, 0, x.length - 1),
      slice(x, 1, x.length),
    ),
  );
const vectorValued = (x: RealArray): RealArray => mul(sin(x), sum(square(x)));

const point = fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), {
  minLength: 2,
  maxLength: 6,
});
const functions = [
  ['rosenbrock (whole-array)', rosenbrock],
  ['sin·exp scalar loop', smooth],
  ['map2 kernels', kernels],
] as const;

/**
 * AD against central differences at random points. Differences carry ~1e-10 relative error on
 * these smooth functions, amplified near cancellation; 1e-6 relative plus 1e-6 absolute
 * separates a wrong derivative (errors of order 1) from round-off.
 */
const FD_RTOL = 1e-6;

describe('first order at random points', () => {
  for (const [name, f] of functions) {
    fcTest.prop([point], { numRuns: 40 })(
      `${name}: forward = reverse exactly-ish, both ≈ finite differences`,
      (xs) => {
        const x = Float64Array.from(xs);
        const g = gradient(f, reverse(), x);
        expectClose(gradient(f, forward(), x), Array.from(g), 1e-12, 1e-12);
        expectClose(gradient(f, finiteDifferences(), x), Array.from(g), FD_RTOL, FD_RTOL);
      },
    );
  }

  fcTest.prop([point, point], { numRuns: 40 })(
    'pushforward and pullback satisfy ⟨w, J v⟩ = ⟨Jᵀ w, v⟩',
    (xs, ws) => {
      const n = xs.length;
      const x = Float64Array.from(xs);
      const v = Float64Array.from({ length: n }, (_, i) => ws[i % ws.length]);
      const w = Float64Array.from({ length: n }, (_, i) => ws[(i + 1) % ws.length]);
      const Jv = flat(pushforward(vectorValued, forward(), x, v));
      const JTw = flat(pullback(vectorValued, reverse(), x, w));
      const lhs = Jv.reduce((a, e, i) => a + e * w[i], 0);
      const rhs = JTw.reduce((a, e, i) => a + e * v[i], 0);
      expectClose([lhs], [rhs], 1e-12, 1e-12);
      expectClose(
        jacobian(vectorValued, reverse(), x).data,
        Array.from(jacobian(vectorValued, forward(), x).data),
        1e-12,
        1e-12,
      );
    },
  );
});

describe('second order at random points', () => {
  for (const [name, f] of functions) {
    fcTest.prop([point], { numRuns: 15 })(
      `${name}: Hessians of every mode pair agree; hvp matches H v`,
      (xs) => {
        const x = Float64Array.from(xs);
        const H = Array.from(hessian(f, secondOrder(forward(), reverse()), x).data);
        const scale = Math.max(1, ...H.map(Math.abs));
        for (const b of [
          secondOrder(reverse(), forward()),
          secondOrder(forward(), forward()),
          secondOrder(reverse(), reverse()),
        ]) {
          expectClose(hessian(f, b, x).data, H, 1e-10, 1e-10 * scale);
        }
        const v = Float64Array.from(xs, (_, i) => (i % 2 === 0 ? 1 : -0.5));
        const n = xs.length;
        const Hv = Array.from({ length: n }, (_, i) =>
          H.slice(i * n, i * n + n).reduce((a, h, j) => a + h * v[j], 0),
        );
        expectClose(hvp(f, reverse(), x, v), Hv, 1e-10, 1e-10 * scale);
      },
    );
  }
});
