/**
 * The steps of a path as the tree walks and `firstDifference` write it (`[2].w[0]` gives
 * `['[2]', '.w', '[0]']`), so a report can read the value or layout at that place back.
 */
export function pathParts(path: string): string[] {
  return path.match(/\[\d+\]|\.[^.[]+/g) ?? [];
}
