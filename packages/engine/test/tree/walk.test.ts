import { describe, expect, it } from 'vitest';
import { DESCEND, mapLeaves, someNode } from '../../src/tree/walk.js';

const isSeven = (node: unknown) => (node === 7 ? true : undefined);

describe('someNode', () => {
  it('finds a node at any depth of arrays and plain objects', () => {
    expect(someNode({ a: [1, { b: [2, 7] }] }, isSeven)).toBe(true);
    expect(someNode(Object.assign(Object.create(null) as object, { k: 7 }), isSeven)).toBe(true);
    expect(someNode({ a: [1, { b: [2, 3] }] }, isSeven)).toBe(false);
  });

  it('does not look inside typed arrays, class instances or maps', () => {
    class Box {
      value = 7;
    }
    expect(someNode(new Float64Array([7]), (n) => (n === 7 ? true : undefined))).toBe(false);
    expect(someNode(new Box(), isSeven)).toBe(false);
    expect(someNode(new Map([['k', 7]]), isSeven)).toBe(false);
  });

  it("takes visit's false as the answer for that node, without looking inside", () => {
    const inside = { hidden: 7 };
    const visited: unknown[] = [];
    const visit = (node: unknown) => {
      visited.push(node);
      if (node === inside) return false;
      return isSeven(node);
    };
    expect(someNode([inside], visit)).toBe(false);
    expect(visited).toEqual([[inside], inside]);
  });

  it('stops at the first node that answers true', () => {
    const visited: unknown[] = [];
    someNode([7, 8, 9], (node) => {
      visited.push(node);
      return isSeven(node);
    });
    expect(visited).toEqual([[7, 8, 9], 7]);
  });
});

describe('mapLeaves', () => {
  const double = (node: unknown) => (typeof node === 'number' ? node * 2 : DESCEND);

  it('rebuilds arrays and plain objects around the nodes visit answers for', () => {
    const x = { a: [1, { b: 2 }], c: 'kept' };
    const y = mapLeaves(x, double);
    expect(y).toEqual({ a: [2, { b: 4 }], c: 'kept' });
    expect(x).toEqual({ a: [1, { b: 2 }], c: 'kept' });
  });

  it("maps a matrix's data only, copying its shape", () => {
    expect(mapLeaves({ rows: 1, cols: 2, data: [3, 4] }, double)).toEqual({
      rows: 1,
      cols: 2,
      data: [6, 8],
    });
  });

  it('lets visit replace a whole array, and keeps other objects as they are', () => {
    const box = new Map([['k', 1]]);
    const y = mapLeaves([[1, 2], box], (node) =>
      Array.isArray(node) && node.every((e) => typeof e === 'number') ? 'whole' : DESCEND,
    ) as unknown[];
    expect(y).toEqual(['whole', box]);
    expect(y[1]).toBe(box);
  });
});
