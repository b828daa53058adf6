import { describe, expect, it } from 'vitest';
import { noTangent, thunk, zeroTangent } from '@pullback/rules-core';
import { componentNames } from '../../src/tree/component-names.js';
import { flatten } from '../../src/tree/flatten.js';
import { layoutOf } from '../../src/tree/layout.js';
import { readTangent, type StructureIssue } from '../../src/tree/read-tangent.js';
import { rebuild, rebuildResult } from '../../src/tree/rebuild.js';

const value = {
  a: 1,
  b: [2, 3],
  c: new Float64Array([4]),
  m: { rows: 1, cols: 2, data: [5, 6] },
  t: [7, 'tag', [8]],
  f: Math.sin,
};

describe('layouts', () => {
  it('flatten and rebuild round-trip, keeping containers and constants', () => {
    const l = layoutOf(value);
    expect(l.size).toBe(8);
    const v = flatten(l, value);
    expect(Array.from(v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const back = rebuild(l, v) as typeof value;
    expect(back).toEqual(value);
    expect(back.c).toBeInstanceOf(Float64Array);
    expect(Array.isArray(back.b)).toBe(true);
    expect(back.f).toBe(Math.sin);
    expect(back.b).not.toBe(value.b);
  });

  it('names components by path', () => {
    expect(componentNames(layoutOf(value))).toEqual([
      '.a',
      '.b[0]',
      '.b[1]',
      '.c[0]',
      '.m[0, 0]',
      '.m[0, 1]',
      '.t[0]',
      '.t[2][0]',
    ]);
  });

  it('rebuilds tangents with noTangent for constants, and results with Float64Array', () => {
    const l = layoutOf(value);
    const t = rebuild(l, new Float64Array(8), 0, true) as Record<string, unknown>;
    expect(t.f).toBe(noTangent);
    expect((t.t as unknown[])[1]).toBe(noTangent);
    const r = rebuildResult(l, new Float64Array(8)) as Record<string, unknown>;
    expect(r.b).toBeInstanceOf(Float64Array);
  });

  it('reads tangents: thunks at any depth, zeroTangent as zeros, missing fields as zeros', () => {
    const l = layoutOf({ x: 1, y: [1, 2] });
    const issues: StructureIssue[] = [];
    expect(Array.from(readTangent(l, { x: thunk(() => 3), y: zeroTangent }, true, issues))).toEqual(
      [3, 0, 0],
    );
    expect(Array.from(readTangent(l, { y: new Float64Array([1, 2]) }, true, issues))).toEqual([
      0, 1, 2,
    ]);
    expect(issues).toEqual([]);
  });

  it('reports every structural problem with its path', () => {
    const l = layoutOf({ x: 1, y: [1, 2], s: 'k' });
    const issues: StructureIssue[] = [];
    readTangent(l, { x: [1], y: [1, 2, 3], s: zeroTangent, z: 1 }, true, issues);
    expect(issues.map((i) => i.path)).toEqual(['.z', '.x', '.y', '.s']);
    expect(issues[1].message).toContain('expected a number');
    expect(issues[3].message).toContain('return noTangent');
    const lenient: StructureIssue[] = [];
    readTangent(l, { x: 1, y: [1, 2], s: zeroTangent }, false, lenient);
    expect(lenient).toEqual([]);
    const noTan: StructureIssue[] = [];
    readTangent(layoutOf(2), noTangent, true, noTan);
    expect(noTan[0].message).toContain('use zeroTangent');
  });

  it('recognises matrices only with consistent sizes', () => {
    expect(layoutOf({ rows: 2, cols: 2, data: [1, 2, 3, 4] }).kind).toBe('matrix');
    expect(layoutOf({ rows: 2, cols: 2, data: [1, 2, 3] }).kind).toBe('record');
    expect(layoutOf({ rows: 1.5, cols: 2, data: [1, 2, 3] }).kind).toBe('record');
  });
});
