import { thunk, zeroTangent } from '@pullback/rules-core';
import { describe, expect, it } from 'vitest';
import { StructureMismatchError } from '../../src/errors.js';
import { tangentAt } from '../../src/tree/leaves.js';
import {
  DESCEND,
  isBranch,
  mapLeaves,
  someNode,
  zipLeaves,
  type Path,
} from '../../src/tree/walk.js';

const add = (a: unknown, b: unknown): unknown =>
  typeof a === 'number' ? a + (b as number) : DESCEND;

/** The error zipLeaves throws for `a` and `b`, or undefined. */
function mismatchOf(a: unknown, b: unknown): StructureMismatchError | undefined {
  try {
    zipLeaves(a, b, add);
  } catch (error) {
    if (error instanceof StructureMismatchError) return error;
    throw error;
  }
  return undefined;
}

describe('zipLeaves', () => {
  it('rebuilds the first value from the leaves of both, through nested objects and arrays', () => {
    const a = { w: [1, 2], layers: [{ bias: 3 }, { bias: 4 }] };
    const b = { w: [10, 20], layers: [{ bias: 30 }, { bias: 40 }] };
    expect(zipLeaves(a, b, add)).toEqual({ w: [11, 22], layers: [{ bias: 33 }, { bias: 44 }] });
    expect(a).toEqual({ w: [1, 2], layers: [{ bias: 3 }, { bias: 4 }] });
  });

  it('passes each pair its path', () => {
    const paths: Path[] = [];
    zipLeaves({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, (x, _, path) => {
      if (typeof x === 'number') paths.push(path);
      return typeof x === 'number' ? x : DESCEND;
    });
    expect(paths).toEqual([
      ['a', 0],
      ['a', 1, 'b'],
    ]);
  });

  it('walks a Float64Array against a number[] of the same length, element by element', () => {
    expect(zipLeaves(new Float64Array([1, 2]), [3, 4], add)).toEqual([4, 6]);
    expect(zipLeaves([1, 2], new Float64Array([3, 4]), add)).toEqual([4, 6]);
  });

  it('lets visit take a whole array as one leaf', () => {
    const dot = (a: unknown, b: unknown): unknown =>
      a instanceof Float64Array ? a.reduce((s, v, i) => s + v * (b as number[])[i], 0) : DESCEND;
    expect(zipLeaves({ v: new Float64Array([1, 2]) }, { v: [3, 4] }, dot)).toEqual({ v: 11 });
  });

  it("walks a matrix's data, copies its shape, and refuses a matrix of another shape", () => {
    const m = { rows: 2, cols: 1, data: [1, 2] };
    expect(zipLeaves(m, { rows: 2, cols: 1, data: [3, 4] }, add)).toEqual({
      rows: 2,
      cols: 1,
      data: [4, 6],
    });
    // A tangent may leave the shape out.
    expect(zipLeaves(m, { data: [3, 4] }, add)).toEqual({ rows: 2, cols: 1, data: [4, 6] });
    const error = mismatchOf({ z: m }, { z: { rows: 1, cols: 2, data: [3, 4] } });
    expect(error?.path).toEqual(['z']);
    expect(error?.message).toMatch(/at \.z: expected a 2×1 matrix, got a 1×2 matrix/);
  });

  it('names the path and both sides when the structures differ', () => {
    const short = mismatchOf({ a: [1, [2, 3]] }, { a: [1, [2]] });
    expect(short).toBeInstanceOf(StructureMismatchError);
    expect(short?.path).toEqual(['a', 1]);
    expect(short?.message).toMatch(
      /at \.a\[1\]: expected an array of length 2, got an array of length 1/,
    );

    const kind = mismatchOf([{ k: 1 }], [[1]]);
    expect(kind?.path).toEqual([0]);
    expect(kind?.message).toMatch(/at \[0\]: expected a plain object, got an array/);

    const typed = mismatchOf([1, 2, 3], new Float64Array(2));
    expect(typed?.message).toMatch(/at the root: .*got a Float64Array of length 2/);

    const extra = mismatchOf({ a: 1 }, { a: 1, b: 2 });
    expect(extra?.message).toMatch(/with the key "b"/);
  });

  it('hands visit undefined for a field the second value leaves out, and computes thunks it descends into', () => {
    const seen: unknown[] = [];
    zipLeaves(
      { a: 1, b: [2] },
      thunk(() => ({ b: [5] })),
      (x, y) => {
        if (typeof x === 'number') seen.push(y);
        return typeof x === 'number' ? x : DESCEND;
      },
    );
    expect(seen).toEqual([undefined, 5]);
  });
});

describe('the other primitives', () => {
  it('someNode and mapLeaves pass paths when given a root path', () => {
    const paths: Path[] = [];
    someNode({ a: [1, 2] }, (node, path) => (paths.push(path), undefined), []);
    expect(paths).toEqual([[], ['a'], ['a', 0], ['a', 1]]);
    expect(
      mapLeaves({ a: [1, 2] }, (n, path) => (typeof n === 'number' ? path.join('.') : DESCEND), []),
    ).toEqual({ a: ['a.0', 'a.1'] });
  });

  it("someNode walks a matrix's data only", () => {
    const visited: unknown[] = [];
    someNode({ rows: 1, cols: 2, data: [3, 4] }, (n) => (visited.push(n), undefined));
    expect(visited.slice(1)).toEqual([[3, 4], 3, 4]);
  });

  it('mapLeaves keeps the key order of a matrix', () => {
    const y = mapLeaves({ data: [1], rows: 1, cols: 1 }, (n) =>
      typeof n === 'number' ? n * 2 : DESCEND,
    );
    expect(Object.keys(y as object)).toEqual(['data', 'rows', 'cols']);
    expect(y).toEqual({ data: [2], rows: 1, cols: 1 });
  });

  it('isBranch is true for arrays and plain objects only', () => {
    expect([[], {}, Object.create(null), new Float64Array(1), new Map(), 1].map(isBranch)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('tangentAt reads down a path, a zero on the way being zero for all below it', () => {
    expect(tangentAt({ a: [1, { b: 2 }] }, ['a', 1, 'b'])).toBe(2);
    expect(tangentAt({ a: zeroTangent }, ['a', 1, 'b'])).toBe(zeroTangent);
    expect(tangentAt({}, ['a', 0])).toBe(zeroTangent);
  });
});
