import type { Backend } from '@pullback/engine';

/** A readable name for a backend object. */
export function backendLabel(b: Backend): string {
  switch (b.kind) {
    case 'forward':
      return b.chunkSize === undefined ? 'forward()' : `forward({ chunkSize: ${b.chunkSize} })`;
    case 'secondOrder':
      return `secondOrder(${backendLabel(b.outer)}, ${backendLabel(b.inner)})`;
    case 'sparse': {
      const options = [
        typeof b.detector === 'string' ? `detector: '${b.detector}'` : undefined,
        typeof b.coloring === 'object' ? `coloring: ${JSON.stringify(b.coloring)}` : undefined,
      ].filter((o) => o !== undefined);
      return `sparse(${backendLabel(b.dense)}${options.length > 0 ? `, { ${options.join(', ')} }` : ''})`;
    }
    default:
      return `${b.kind}()`;
  }
}
