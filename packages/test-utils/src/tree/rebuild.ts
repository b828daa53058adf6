import { noTangent } from '@pullback/rules-core';
import type { Layout } from './layout.js';

/**
 * The value with layout `layout` whose reals are `vec[offset...]`; containers keep their
 * kind (a `number[]` stays a `number[]`), constants are `like`'s (the same references).
 * With `tangent` set, constants become `noTangent` instead: the result is a tangent.
 */
export function rebuild(
  layout: Layout,
  vec: ArrayLike<number>,
  offset = 0,
  tangent = false,
): unknown {
  switch (layout.kind) {
    case 'number':
      return vec[offset];
    case 'array': {
      const out = layout.typed ? new Float64Array(layout.size) : new Array<number>(layout.size);
      for (let i = 0; i < layout.size; i++) out[i] = vec[offset + i];
      return out;
    }
    case 'matrix': {
      const data = layout.typed ? new Float64Array(layout.size) : new Array<number>(layout.size);
      for (let i = 0; i < layout.size; i++) data[i] = vec[offset + i];
      return { rows: layout.rows, cols: layout.cols, data };
    }
    case 'tuple': {
      let at = offset;
      return layout.items.map((item) => {
        const v = rebuild(item, vec, at, tangent);
        at += item.size;
        return v;
      });
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      let at = offset;
      layout.keys.forEach((key, i) => {
        out[key] = rebuild(layout.fields[i], vec, at, tangent);
        at += layout.fields[i].size;
      });
      return out;
    }
    case 'constant':
      return tangent ? noTangent : layout.value;
  }
}

/**
 * Like `rebuild`, but numeric arrays come back as `Float64Array` (the engine's convention for
 * gradients and pushforwards) and constants as `noTangent`.
 */
export function rebuildResult(layout: Layout, vec: ArrayLike<number>, offset = 0): unknown {
  switch (layout.kind) {
    case 'array':
      return Float64Array.from({ length: layout.size }, (_, i) => vec[offset + i]);
    case 'matrix':
      return {
        rows: layout.rows,
        cols: layout.cols,
        data: Float64Array.from({ length: layout.size }, (_, i) => vec[offset + i]),
      };
    case 'tuple': {
      let at = offset;
      return layout.items.map((item) => {
        const v = rebuildResult(item, vec, at);
        at += item.size;
        return v;
      });
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      let at = offset;
      layout.keys.forEach((key, i) => {
        out[key] = rebuildResult(layout.fields[i], vec, at);
        at += layout.fields[i].size;
      });
      return out;
    }
    default:
      return rebuild(layout, vec, offset, true);
  }
}
