import { ColoringOptionError, colorCount, type ColoringPartition } from './coloring/coloring.js';
import { checkPattern, rowOf, type SparsityPattern } from './pattern.js';

/** Options of `coloringSvg`. */
export interface ColoringSvgOptions {
  /**
   * What `colors` colors: `'column'` (default; also for `'symmetric'` colorings, one color per
   * index) or `'row'`. The compressed matrix has one column per color (`'row'`: one row per
   * color, drawn below).
   */
  readonly partition?: ColoringPartition;
  /** Side of one matrix cell in pixels (default 12). */
  readonly cellSize?: number;
  /** A title drawn above the pictures (escaped). */
  readonly title?: string;
}

/** The hue of color `c`: golden-angle steps, so neighbouring colors look different. */
export function colorHue(c: number): string {
  return `hsl(${((c * 137.508) % 360).toFixed(1)}, 70%, 52%)`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * An SVG picture of a coloring, like the talk's slides: the pattern with each structural
 * non-zero in its color's hue (the color of its column, or of its row for `partition: 'row'`),
 * and beside it (below it, for rows) the compressed matrix, one column (row) per color, with an
 * entry wherever a row (column) of the pattern meets that color. Reading the compressed matrix
 * back into the pattern is the decompression. Returns the SVG document as a string.
 */
export function coloringSvg(
  pattern: SparsityPattern,
  colors: Int32Array,
  options: ColoringSvgOptions = {},
): string {
  const p = checkPattern(pattern, 'coloringSvg');
  const byRows = options.partition === 'row';
  const size = byRows ? p.rows : p.cols;
  if (!(colors instanceof Int32Array) || colors.length !== size || colors.some((c) => c < 0)) {
    throw new ColoringOptionError(
      `coloringSvg: colors must be an Int32Array of ${size} colors ≥ 0 (one per ${byRows ? 'row' : 'column'} of the ${p.rows}×${p.cols} pattern), as coloring(pattern).colors is.`,
    );
  }
  const cell = options.cellSize ?? 12;
  if (!(cell > 0) || !Number.isFinite(cell)) {
    throw new ColoringOptionError(
      `coloringSvg: cellSize must be a positive number of pixels, got ${String(cell)}.`,
    );
  }
  const count = colorCount(colors);
  const margin = cell;
  const top = margin + (options.title === undefined ? 0 : 2 * cell);
  const gap = 3 * cell;
  const leftW = p.cols * cell;
  const leftH = p.rows * cell;
  const compW = byRows ? leftW : count * cell;
  const compH = byRows ? count * cell : leftH;
  const width = byRows ? leftW + 2 * margin : leftW + gap + compW + 2 * margin;
  const height = byRows ? top + leftH + gap + compH + margin : top + leftH + margin;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (options.title !== undefined) {
    parts.push(
      `<text x="${margin}" y="${margin + cell}" font-family="sans-serif" font-size="${cell}">${escape(options.title)}</text>`,
    );
  }
  const square = (x: number, y: number, c: number): string =>
    `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${colorHue(c)}" stroke="white" stroke-width="${(cell / 12).toFixed(2)}"/>`;
  const frame = (x: number, y: number, w: number, h: number): string =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#444" stroke-width="1"/>`;
  // The pattern, each non-zero in its color.
  parts.push(`<g id="pattern">`, frame(margin, top, leftW, leftH));
  for (let i = 0; i < p.rows; i++) {
    for (const j of rowOf(p, i)) {
      parts.push(square(margin + j * cell, top + i * cell, colors[byRows ? i : j]));
    }
  }
  parts.push('</g>');
  // The compressed matrix: row i (column j) meets color c when some non-zero of it has color c.
  const cx = byRows ? margin : margin + leftW + gap;
  const cy = byRows ? top + leftH + gap : top;
  parts.push(`<g id="compressed">`, frame(cx, cy, compW, compH));
  const seen = new Set<number>();
  for (let i = 0; i < p.rows; i++) {
    for (const j of rowOf(p, i)) {
      const c = colors[byRows ? i : j];
      const key = byRows ? c * p.cols + j : i * count + c;
      if (seen.has(key)) continue;
      seen.add(key);
      parts.push(
        byRows ? square(cx + j * cell, cy + c * cell, c) : square(cx + c * cell, cy + i * cell, c),
      );
    }
  }
  parts.push('</g>', '</svg>');
  return parts.join('\n') + '\n';
}
