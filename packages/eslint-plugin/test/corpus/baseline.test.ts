import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintPart, measure, measuredConfigs, readPart, reportsOf, type Measurement } from './harness.js';

// Writes the measurement of the own corpus to $PULLBACK_CORPUS_REPORT (a JSON file) when set.
describe.runIf(process.env.PULLBACK_CORPUS_REPORT)('corpus report', () => {
  it('measures every config on the own part', { timeout: 600_000 }, async () => {
    const part = readPart('own');
    const rows: Measurement[] = [];
    for (const config of measuredConfigs) {
      const { results, milliseconds } = await lintPart(part, config);
      rows.push(measure(part, config, reportsOf(part, results), milliseconds));
    }
    writeFileSync(process.env.PULLBACK_CORPUS_REPORT ?? '', JSON.stringify(rows, null, 2) + '\n');
    expect(rows).toHaveLength(measuredConfigs.length);
  });
});
