import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { forward, gradient, hvp, jacobianSparsity, reverse } from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { at, mul, square, sum } from '@pullback/rules-core/math';

// `console.log` of an active value prints its `util.inspect` form: one short line, the value
// and (for duals) the tangents, never the interpreter behind it (issue 16, item 8).

/** What `inspect` printed for each value `f` was called with. */
function printedBy<X>(run: (f: (x: X) => Real) => unknown): string[] {
  const seen: string[] = [];
  run((x) => {
    seen.push(inspect(x));
    return sum(square(x as Real | RealArray));
  });
  return seen;
}

describe('active values print short', () => {
  it('a taped scalar prints as Tracked(value)', () => {
    expect(printedBy<Real>((f) => gradient(f, reverse(), 3))).toEqual(['Tracked(3)']);
  });

  it('a dual prints its value and one tangent per lane', () => {
    const seen: string[] = [];
    gradient(
      (x: RealArray) => {
        seen.push(inspect(at(x, 0)), inspect(at(x, 1)));
        return sum(square(x));
      },
      forward({ chunkSize: 2 }),
      [3, 4],
    );
    expect(seen).toEqual(['Dual(3, [1, 0])', 'Dual(4, [0, 1])']);
  });

  it('an active array prints its values, long ones cut after six', () => {
    expect(printedBy<RealArray>((f) => gradient(f, reverse(), new Float64Array([3, 4])))).toEqual([
      'TrackedArray([3, 4])',
    ]);
    const long = new Float64Array(10).map((_, i) => i);
    expect(printedBy<RealArray>((f) => gradient(f, reverse(), long))).toEqual([
      'TrackedArray([0, 1, 2, 3, 4, 5, … 4 more])',
    ]);
  });

  it('nested levels print inside each other on one line', () => {
    // Hessian-vector products are forward over reverse: the inner tape records a dual.
    expect(printedBy<Real>((f) => hvp(f, reverse(), 3, 1))).toEqual(['Tracked(Dual(3, [1]))']);
  });

  it('a sparsity tracer prints its value and the inputs it depends on', () => {
    const seen: string[] = [];
    jacobianSparsity(
      (x: RealArray) => {
        const y = mul(at(x, 0), at(x, 2));
        seen.push(inspect(y));
        return y;
      },
      'local',
      [1, 2, 3],
    );
    expect(seen).toEqual(['Tracer(3, [0, 2])']);
  });
});
