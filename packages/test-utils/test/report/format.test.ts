import { describe, expect, it } from 'vitest';
import { formatNumber, table } from '../../src/report/format.js';

describe('formatting', () => {
  it('numbers readable and precise', () => {
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(282334)).toBe('282334');
    expect(formatNumber(1 / 3)).toBe('0.333333333333');
    expect(formatNumber(1.5e-12)).toBe('1.5e-12');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
  it('tables with aligned columns', () => {
    expect(table(['a', 'bb'], [['xxx', 'y']], '')).toBe('a    bb\n---  --\nxxx  y');
  });
});
