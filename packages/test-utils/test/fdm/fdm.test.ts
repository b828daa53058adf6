import { describe, expect, it } from 'vitest';
import { fdm } from '../../src/fdm/fdm.js';
import { centralFdm } from '../../src/fdm/central.js';
import { forwardFdm } from '../../src/fdm/forward.js';
import { backwardFdm } from '../../src/fdm/backward.js';

describe('fdm builds stencils', () => {
  it('the default is the 5-point central method for first derivatives', () => {
    const m = fdm();
    expect({ ...m }).toMatchObject({
      kind: 'central',
      points: 5,
      order: 1,
      adapt: 1,
      condition: 10,
      factor: 1,
    });
    expect(m.grid).toEqual([-2, -1, 0, 1, 2]);
    const c = m.coefficients;
    // The textbook weights (1, -8, 0, 8, -1) / 12.
    [1 / 12, -2 / 3, 0, 2 / 3, -1 / 12].forEach((w, i) => expect(c[i]).toBeCloseTo(w, 15));
  });

  it('grids for every kind, including even central stencils that skip 0', () => {
    expect(forwardFdm(3).grid).toEqual([0, 1, 2]);
    expect(backwardFdm(3).grid).toEqual([-2, -1, 0]);
    expect(centralFdm(4).grid).toEqual([-2, -1, 1, 2]);
    expect(centralFdm(3, 2).coefficients).toEqual([1, -2, 1]);
    expect(forwardFdm(2).coefficients).toEqual([-1, 1]);
  });

  it('coefficients annihilate polynomials below the stencil order exactly', () => {
    for (const m of [centralFdm(7, 3), forwardFdm(6, 2), backwardFdm(5, 1), centralFdm(9, 4)]) {
      const p = m.points;
      for (let d = 0; d < p; d++) {
        // Σ c_i g_i^d = q! when d = q, else 0.
        const s = m.coefficients.reduce((acc, c, i) => acc + c * m.grid[i] ** d, 0);
        const want = d === m.order ? [1, 1, 2, 6, 24][m.order] : 0;
        expect(Math.abs(s - want)).toBeLessThan(1e-9);
      }
    }
  });

  it('differentiates to any order', () => {
    expect(centralFdm(7, 2).derivative(Math.exp, 0.5)).toBeCloseTo(Math.exp(0.5), 8);
    expect(centralFdm(9, 3).derivative(Math.sin, 1)).toBeCloseTo(-Math.cos(1), 7);
    expect(fdm({ order: 0, points: 3 }).derivative(Math.cos, 0.3)).toBeCloseTo(Math.cos(0.3), 12);
  });

  it('handles vector-valued functions component by component', () => {
    const est = fdm().estimate((t: number) => [Math.sin(t), t * t, 3], 0.5);
    expect(est.value).toBeInstanceOf(Float64Array);
    expect(est.value[0]).toBeCloseTo(Math.cos(0.5), 12);
    expect(est.value[1]).toBeCloseTo(1, 12);
    expect(est.value[2]).toBe(0);
    expect(est.accuracy).toBeGreaterThan(0);
  });

  it('a method is callable, as in FiniteDifferences.jl', () => {
    const m = fdm();
    expect(m(Math.exp, 0)).toBe(m.derivative(Math.exp, 0));
    expect(m(Math.exp, 0)).toBeCloseTo(1, 12);
  });

  it('a given step is used as is', () => {
    const est = fdm().estimate(Math.sin, 1, 0.1);
    expect(est.step).toBe(0.1);
    expect(Number.isNaN(est.accuracy)).toBe(true);
    expect(Math.abs(est.value - Math.cos(1))).toBeGreaterThan(1e-7);
  });

  it('maxRange keeps every evaluation within range of x', () => {
    const seen: number[] = [];
    const f = (t: number): number => {
      seen.push(t);
      return Math.log(t);
    };
    const x = 1e-3;
    const m = fdm({ maxRange: 5e-4 });
    expect(m.derivative(f, x)).toBeCloseTo(1000, 5);
    expect(Math.max(...seen.map((t) => Math.abs(t - x)))).toBeLessThanOrEqual(5e-4 * (1 + 1e-12));
  });

  it('retreats from a domain edge it runs into (NaN) instead of returning NaN', () => {
    expect(fdm().derivative(Math.log, 1e-3)).toBeCloseTo(1000, 4);
    expect(fdm().derivative(Math.sqrt, 1e-4)).toBeCloseTo(50, 4);
    // With no finite neighbourhood at all, the NaN is reported, not hidden.
    expect(Number.isNaN(fdm().derivative(() => Number.NaN, 1))).toBe(true);
  });

  it('rejects impossible stencils', () => {
    expect(() => fdm({ points: 2, order: 2 })).toThrow(RangeError);
    expect(() => fdm({ points: 2.5 })).toThrow(RangeError);
    expect(() => fdm({ order: -1 })).toThrow(RangeError);
    expect(() => fdm({ maxRange: 0 })).toThrow(RangeError);
    expect(() => fdm({ adapt: -1 })).toThrow(RangeError);
    expect(() => fdm({ points: 4, order: 0 })).toThrow(RangeError);
  });
});
