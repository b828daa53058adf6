/**
 * Rewrites `results/peers.md` and `results/peers.svg` from `results/peers.json` without running
 * anything again (`node dist/report.js` here, after `tsc -p tsconfig.json`).
 */
import { readResults, writeResults } from './results.js';

console.log(`wrote ${await writeResults(readResults())}`);
