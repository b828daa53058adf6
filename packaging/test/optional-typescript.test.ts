import { describe, expect, inject, it } from 'vitest';
import { exec } from '../lib/exec.js';

// Issue 16, item 10: TypeScript is an optional peer of @pullback/eslint-plugin, so the plugin's
// untyped config must load and lint JavaScript on a machine without it.

const { consumerDir } = inject('packaging');
const run = (...args: string[]) => exec(process.execPath, args, { cwd: consumerDir });

describe('@pullback/eslint-plugin without TypeScript installed', () => {
  it('cannot resolve typescript in the test process (the check would prove nothing otherwise)', async () => {
    const result = await run(
      '--import',
      './scripts/without-typescript.mjs',
      '--input-type=module',
      '-e',
      "await import('typescript')",
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Cannot find package 'typescript'");
  });

  it('loads and lints JavaScript with the recommended config', async () => {
    const result = await run(
      '--import',
      './scripts/without-typescript.mjs',
      'scripts/lint-javascript.mjs',
    );
    expect(result.code, result.stderr).toBe(0);
    const reported = JSON.parse(result.stdout) as string[];
    expect(reported).toContain('@pullback/no-typed-array-write');
    expect(reported).toContain('@pullback/no-non-generic-storage');
    expect(reported.filter((id) => id.startsWith('fatal'))).toEqual([]);
  });
});
