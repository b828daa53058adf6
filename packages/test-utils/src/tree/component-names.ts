import type { Layout } from './layout.js';

/** Human-readable names of the components of a layout, in flattening order. */
export function componentNames(layout: Layout, prefix = ''): string[] {
  switch (layout.kind) {
    case 'number':
      return [prefix];
    case 'array':
      return Array.from({ length: layout.size }, (_, i) => `${prefix}[${i}]`);
    case 'matrix':
      return Array.from(
        { length: layout.size },
        (_, i) => `${prefix}[${Math.floor(i / layout.cols)}, ${i % layout.cols}]`,
      );
    case 'tuple':
      return layout.items.flatMap((item, i) => componentNames(item, `${prefix}[${i}]`));
    case 'record':
      return layout.fields.flatMap((field, i) =>
        componentNames(field, `${prefix}.${layout.keys[i]}`),
      );
    case 'constant':
      return [];
  }
}
