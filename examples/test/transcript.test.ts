import { describe, expect, it } from 'vitest';
import { Transcript } from '../src/talk/transcript.js';
import { talk } from '../src/talk/slides.js';

describe('the talk’s transcript', () => {
  it('records a printed number that differs from its slide', () => {
    const t = new Transcript();
    t.slide('A slide');
    t.show('right', [6912, 0], [6912, 0]);
    t.show('wrong', 6912.03, 6912, 1e-6);
    t.showMatrix('matrix', { rows: 1, cols: 2, data: [1, 2] }, [1, 3]);
    t.showText('text', 'forward', /reverse/);
    t.showBetween('count', 31, 10, 30);
    expect(t.checks).toBe(5);
    expect(t.failures).toHaveLength(4);
    expect(t.failures[0]).toMatch(/^A slide — wrong: got \[6912\.03\], expected \[6912\]/);
  });

  it('refuses prose with a number in it, but not a name with a digit', () => {
    const t = new Transcript();
    expect(() => t.say('it costs 3 passes')).toThrow(/show\(\)/);
    t.say('a Float64Array and badcopy2');
    expect(t.lines).toEqual(['a Float64Array and badcopy2']);
  });

  it('runs every slide of the talk without a mismatch', () => {
    const t = talk();
    expect(t.failures).toEqual([]);
    expect(t.lines.filter((l) => l.startsWith('── '))).toHaveLength(18);
  });
});
