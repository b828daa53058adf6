/**
 * Frames of pullback's own packages, from their sources (`packages/engine/src/…`) or builds
 * (`…/dist/…`), in this repository or installed under `node_modules/@pullback/`.
 */
const PULLBACK_FRAME =
  /[\\/](?:packages[\\/](?:rules-core|engine|test-utils)|node_modules[\\/]@pullback[\\/][^\\/]+)[\\/](?:src|dist)[\\/]/;

/** `path:line:column` at the end of a V8 stack line, inside parentheses or not. */
const FRAME_POSITION = /^\s*at (?:.*\()?(.+?:\d+:\d+)\)?\s*$/;

/**
 * Where in the user's code `error` was raised: the first frame of its stack outside pullback's
 * packages and Node's internals, as `path:line:column` (a `file://` URL shortened to its path),
 * or `undefined` when the stack shows none.
 */
export function userLocation(error: Error): string | undefined {
  const stack = error.stack;
  if (stack === undefined) return undefined;
  for (const line of stack.split('\n')) {
    const position = FRAME_POSITION.exec(line)?.[1];
    if (
      position === undefined ||
      position.startsWith('node:') ||
      position.includes('<anonymous>') ||
      PULLBACK_FRAME.test(position)
    ) {
      continue;
    }
    return position.startsWith('file://') ? decodeURI(position.slice('file://'.length)) : position;
  }
  return undefined;
}
