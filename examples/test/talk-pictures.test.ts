import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coloring } from '@pullback/engine';
import {
  bandedPattern,
  coloringPictures,
  randomPattern,
  RANDOM_SEED,
} from '../src/talk/sparsity.js';

const committed = (name: string): string =>
  readFileSync(new URL(`../talk-pictures/${name}`, import.meta.url), 'utf8');

/** The hue of each colored square of one group of a picture, in drawing order. */
function hues(svg: string, group: string): string[] {
  const body = svg.split(`<g id="${group}">`)[1].split('</g>')[0];
  return [...body.matchAll(/fill="(hsl[^"]*)"/g)].map((m) => m[1]);
}

describe('the talk’s coloring pictures (issue 18)', () => {
  const pictures = coloringPictures();

  it('the committed SVG files are what coloringSvg draws today', () => {
    // Regenerate with: npm run build && node examples/dist/talk/write-pictures.js
    expect(committed('banded.svg')).toBe(pictures.banded);
    expect(committed('random.svg')).toBe(pictures.random);
  });

  it('the banded picture uses 7 hues, one per color, and each row of it has distinct hues', () => {
    const pattern = bandedPattern(30, 3);
    const squares = hues(pictures.banded, 'pattern');
    expect(new Set(squares).size).toBe(7);
    // Squares are drawn row by row: row i's squares are consecutive.
    let k = 0;
    for (let i = 0; i < 30; i++) {
      const n = pattern.rowPtr[i + 1] - pattern.rowPtr[i];
      expect(new Set(squares.slice(k, k + n)).size).toBe(n);
      k += n;
    }
  });

  it('the random picture has as many hues as its coloring has colors', () => {
    const { count } = coloring(randomPattern(30, 0.2, RANDOM_SEED));
    expect(new Set(hues(pictures.random, 'pattern')).size).toBe(count);
    expect(pictures.random).toContain(`${count} colors`);
  });
});
