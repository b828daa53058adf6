/**
 * `npm run talk -w @pullback/examples`: the talk replayed in TypeScript, slide by slide. Every number
 * printed is checked against the slide (or a hand computation) as it is printed; any mismatch is
 * listed at the end and fails the run.
 */
import { talk } from './talk/slides.js';

const t = talk();
console.log(
  "Automatic Differentiation: Julia's most confusing superpower? (Dalle and Hill, JuliaOptimizationDays 2024)",
);
console.log('https://gdalle.github.io/JuliaOptimizationDays2024-AutoDiff/');
for (const line of t.lines) console.log(line);
console.log(`\ntalk: ${t.checks - t.failures.length} checks passed, ${t.failures.length} failed`);
for (const failure of t.failures) console.log(`✗ ${failure}`);
if (t.failures.length > 0) process.exitCode = 1;
