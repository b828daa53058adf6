import { afterEach } from 'vitest';

// A deliberate fallback with no listener prints a process warning ("… could not be
// differentiated … re-run as a black box"), which reads like a failure in the test output. Tests
// that trigger a fallback listen for it (`onFallback`) and assert on it where it matters; a test
// that does not fails on the warning it caused, which is held back rather than printed.

const KEY = Symbol.for('@pullback/test/unheard-fallback-warnings');
type Store = { warnings: string[] };
const globals = globalThis as typeof globalThis & { [KEY]?: Store };

/** Warnings the engine emitted with no listener since the last call (and forgets them). */
export function takeFallbackWarnings(): string[] {
  return globals[KEY]?.warnings.splice(0) ?? [];
}

/** Holds back the engine's fallback warnings, and fails each test that caused one. */
export function installFallbackWarningGuard(): void {
  // Once per process: files sharing a worker (isolate: false) would wrap it again.
  if (globals[KEY] === undefined) {
    const store: Store = { warnings: [] };
    globals[KEY] = store;
    const emitWarning = process.emitWarning;
    process.emitWarning = function (
      this: NodeJS.Process,
      warning: string | Error,
      ...rest: unknown[]
    ) {
      const options = rest[0];
      const code =
        typeof options === 'object' && options !== null
          ? (options as { code?: unknown }).code
          : rest[1];
      if (code === 'PULLBACK_FALLBACK') {
        store.warnings.push(String(warning));
        return;
      }
      return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    } as typeof process.emitWarning;
  }
  afterEach(() => {
    const warnings = takeFallbackWarnings();
    if (warnings.length > 0) {
      throw new Error(
        `this test caused fallback warnings nobody listened for:\n  ${warnings.join('\n  ')}\n` +
          'Pass onFallback to the backend and assert on the events (or fallback: "error").',
      );
    }
  });
}
