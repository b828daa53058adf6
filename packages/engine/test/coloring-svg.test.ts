import { describe, expect, it } from 'vitest';
import { coloring, coloringSvg, ColoringOptionError, type SparsityPattern } from '@pullback/engine';

// Issue 15: coloringSvg draws the pattern with each non-zero in its color's hue, and the
// compressed matrix beside it (below it for a row coloring).

/** A 4×3 pattern: rows {0, 1}, {1}, {0, 2}, {2}. */
const p: SparsityPattern = {
  rows: 4,
  cols: 3,
  rowPtr: Int32Array.of(0, 2, 3, 5, 6),
  colIdx: Int32Array.of(0, 1, 1, 0, 2, 2),
};

/** The colored squares of one group, as [x, y, fill]. */
function squares(svg: string, group: string): [number, number, string][] {
  const body = svg.split(`<g id="${group}">`)[1].split('</g>')[0];
  return [...body.matchAll(/<rect x="([\d.]+)" y="([\d.]+)"[^>]*fill="(hsl[^"]*)"/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
    m[3],
  ]);
}

describe('coloringSvg', () => {
  it('one square per non-zero in its column’s hue, and the compressed matrix beside it', () => {
    const { colors, count } = coloring(p);
    expect(count).toBe(2);
    const svg = coloringSvg(p, colors, { cellSize: 10, title: 'a <small> one' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a &#60;small&#62; one');
    const pattern = squares(svg, 'pattern');
    expect(pattern).toHaveLength(6);
    // Squares row by row: (0,0) (0,1) (1,1) (2,0) (2,2) (3,2). Columns 1 and 2 share no row,
    // so they share a color and a hue; column 0 meets both.
    expect(pattern[1][2]).toBe(pattern[4][2]);
    expect(pattern[0][2]).not.toBe(pattern[1][2]);
    // The compressed matrix: one square per (row, color) met, count columns wide, to the right.
    const compressed = squares(svg, 'compressed');
    expect(compressed).toHaveLength(6);
    const patternRight = Math.max(...pattern.map(([x]) => x));
    expect(Math.min(...compressed.map(([x]) => x))).toBeGreaterThan(patternRight);
    expect(new Set(compressed.map(([x]) => x)).size).toBe(count);
  });

  it('a row coloring puts the compressed matrix below, one row per color', () => {
    const { colors, count } = coloring(p, { partition: 'row' });
    const svg = coloringSvg(p, colors, { partition: 'row' });
    const compressed = squares(svg, 'compressed');
    const patternBottom = Math.max(...squares(svg, 'pattern').map(([, y]) => y));
    expect(Math.min(...compressed.map(([, y]) => y))).toBeGreaterThan(patternBottom);
    expect(new Set(compressed.map(([, y]) => y)).size).toBe(count);
  });

  it('colors of the wrong length, or a pattern that is not one, are typed errors', () => {
    expect(() => coloringSvg(p, Int32Array.of(0, 1))).toThrow(ColoringOptionError);
    expect(() => coloringSvg(p, Int32Array.of(0, 1))).toThrow(/3 colors ≥ 0 \(one per column/);
    expect(() =>
      coloringSvg({ ...p, colIdx: Int32Array.of(1, 0, 1, 0, 2, 2) }, Int32Array.of(0, 1, 0)),
    ).toThrow(/columns of row 0 are not strictly increasing/);
  });
});
