/**
 * Writes the talk's two coloring pictures (slide "Prerequisite 2: pattern coloring") to
 * `examples/talk-pictures/`: `npm run build && node examples/dist/talk/write-pictures.js`.
 * `examples/test/talk-pictures.test.ts` checks the committed files equal what the code draws.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { coloringPictures } from './sparsity.js';

/** The directory of the committed pictures. */
export const PICTURES = fileURLToPath(new URL('../../talk-pictures/', import.meta.url));

const pictures = coloringPictures();
writeFileSync(`${PICTURES}banded.svg`, pictures.banded);
writeFileSync(`${PICTURES}random.svg`, pictures.random);
console.log(`wrote ${PICTURES}banded.svg and ${PICTURES}random.svg`);
