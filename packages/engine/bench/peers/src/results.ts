/** The result files of a run: JSON, markdown and SVG, in `results/` beside `src/`. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { PeerRun } from './measurement.js';
import { markdown } from './report-md.js';
import { svg } from './report-svg.js';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * `text` formatted as prettier formats a file named `name` in the results folder: the results are
 * committed, and the repository's `npm test` checks every file's format.
 */
async function formatted(text: string, name: string): Promise<string> {
  const path = `${resultsDir}${name}`;
  const config = (await resolveConfig(path)) ?? {};
  return format(text, { ...config, filepath: path });
}

/** Writes `peers.json`, `peers.md` and `peers.svg`; returns where. */
export async function writeResults(run: PeerRun): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}peers.json`, await formatted(JSON.stringify(run), 'peers.json'));
  writeFileSync(`${resultsDir}peers.md`, await formatted(markdown(run), 'peers.md'));
  writeFileSync(`${resultsDir}peers.svg`, svg(run));
  return `${resultsDir}peers.{json,md,svg}`;
}

/** The run stored in `peers.json`. */
export function readResults(): PeerRun {
  return JSON.parse(readFileSync(`${resultsDir}peers.json`, 'utf8')) as PeerRun;
}
