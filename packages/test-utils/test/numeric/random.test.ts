import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/numeric/random.js';

describe('seeded randomness', () => {
  it('is reproducible and spread out', () => {
    const a = new Rng(3);
    const b = new Rng(3);
    const xs = Array.from({ length: 1000 }, () => a.uniform());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.uniform()));
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
    const t = Array.from({ length: 1000 }, () => a.tangentEntry());
    expect(t.every((v) => Math.abs(v) >= 0.5 && Math.abs(v) < 1.5)).toBe(true);
    expect(new Rng(4).uniform()).not.toBe(new Rng(3).uniform());
  });
});
