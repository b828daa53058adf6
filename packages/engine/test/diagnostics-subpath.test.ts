import { describe, expect, it } from 'vitest';
import * as root from '@pullback/engine';
import * as diagnostics from '@pullback/engine/diagnostics';
import { hvpTapeStatistics, tapeStatistics } from '@pullback/engine/diagnostics';
import { mul, sum } from '@pullback/rules-core/math';

describe('@pullback/engine/diagnostics', () => {
  it('exports the tape statistics, which the root no longer does', () => {
    expect(Object.keys(diagnostics).sort()).toEqual(['hvpTapeStatistics', 'tapeStatistics']);
    for (const name of Object.keys(diagnostics)) expect(root).not.toHaveProperty(name);
    // The sparsity API stays at the root.
    expect(root).toHaveProperty('coloring');
    expect(root).toHaveProperty('coloringSvg');
  });

  it('measures a reverse pass and an hvp', () => {
    const f = (x: Float64Array) => sum(mul(x, x));
    const x = new Float64Array([1, 2, 3]);
    expect(tapeStatistics(f, x).operations).toBeGreaterThan(0);
    expect(hvpTapeStatistics(f, x, x).operations).toBeGreaterThan(0);
  });
});
