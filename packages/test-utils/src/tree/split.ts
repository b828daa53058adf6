import { noTangent } from '@pullback/rules-core';
import type { Layout } from './layout.js';

/**
 * The engine differentiates numbers, arrays and plain objects only; a rule's arguments may also
 * hold strings, flags, functions and matrix sizes. These helpers split a value into the part
 * the engine can take (`reals`) and the constants, and put the two back together: the engine
 * sees `reals(layout, x)`, the code under test sees `merge(layout, reals, x)`.
 */

/** The part of `value` that holds reals: constants dropped, a matrix reduced to `{ data }`. */
export function reals(layout: Layout, value: unknown): unknown {
  switch (layout.kind) {
    case 'matrix':
      return { data: (value as { data: unknown }).data };
    case 'tuple':
      return layout.items
        .map((item, i) => [item, (value as unknown[])[i]] as const)
        .filter(([item]) => item.kind !== 'constant')
        .map(([item, v]) => reals(item, v));
    case 'record': {
      const out: Record<string, unknown> = {};
      layout.keys.forEach((key, i) => {
        if (layout.fields[i].kind !== 'constant') {
          out[key] = reals(layout.fields[i], (value as Record<string, unknown>)[key]);
        }
      });
      return out;
    }
    default:
      return value;
  }
}

/** `original` with its real parts taken from `part` (which may hold active values). */
export function merge(layout: Layout, part: unknown, original: unknown): unknown {
  switch (layout.kind) {
    case 'constant':
      return original;
    case 'matrix': {
      const m = original as { rows: number; cols: number };
      return { rows: m.rows, cols: m.cols, data: (part as { data: unknown }).data };
    }
    case 'tuple': {
      let at = 0;
      return layout.items.map((item, i) =>
        item.kind === 'constant'
          ? (original as unknown[])[i]
          : merge(item, (part as unknown[])[at++], (original as unknown[])[i]),
      );
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      layout.keys.forEach((key, i) => {
        const o = (original as Record<string, unknown>)[key];
        out[key] =
          layout.fields[i].kind === 'constant'
            ? o
            : merge(layout.fields[i], (part as Record<string, unknown>)[key], o);
      });
      return out;
    }
    default:
      return part;
  }
}

/** A tangent of the whole value from a tangent of its real part: `noTangent` for constants. */
export function mergeTangent(layout: Layout, part: unknown, original: unknown): unknown {
  switch (layout.kind) {
    case 'constant':
      return noTangent;
    case 'matrix': {
      const m = original as { rows: number; cols: number };
      return { rows: m.rows, cols: m.cols, data: (part as { data: unknown }).data };
    }
    case 'tuple': {
      let at = 0;
      return layout.items.map((item, i) =>
        item.kind === 'constant'
          ? noTangent
          : mergeTangent(item, (part as unknown[])[at++], (original as unknown[])[i]),
      );
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      layout.keys.forEach((key, i) => {
        out[key] =
          layout.fields[i].kind === 'constant'
            ? noTangent
            : mergeTangent(
                layout.fields[i],
                (part as Record<string, unknown>)[key],
                (original as Record<string, unknown>)[key],
              );
      });
      return out;
    }
    default:
      return part;
  }
}

/** The layout of `reals(layout, value)`. */
export function stripped(layout: Layout): Layout {
  switch (layout.kind) {
    case 'matrix':
      return {
        kind: 'record',
        size: layout.size,
        keys: ['data'],
        fields: [{ kind: 'array', size: layout.size, typed: layout.typed }],
      };
    case 'tuple': {
      const items = layout.items.filter((i) => i.kind !== 'constant').map(stripped);
      return { kind: 'tuple', size: layout.size, items };
    }
    case 'record': {
      const keep = layout.keys
        .map((k, i) => [k, layout.fields[i]] as const)
        .filter(([, f]) => f.kind !== 'constant');
      return {
        kind: 'record',
        size: layout.size,
        keys: keep.map(([k]) => k),
        fields: keep.map(([, f]) => stripped(f)),
      };
    }
    default:
      return layout;
  }
}
