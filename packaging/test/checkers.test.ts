import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { exec } from '../lib/exec.js';
import { repoRoot } from '../lib/packages.js';

// Maintained checkers of package exports and types, run on the packed tarballs (no network).

const { tarballs } = inject('packaging');
const bin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);

describe.each(Object.keys(tarballs))('%s', (name) => {
  it('is clean under publint --strict', async () => {
    const result = await exec(bin('publint'), ['run', tarballs[name], '--strict'], {
      cwd: repoRoot,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output).toBe(0);
    expect(output).toContain('All good!');
  });

  it('is clean under @arethetypeswrong/cli', async () => {
    // The packages are ESM only, on Node >= 20.19 where require() loads ES modules; a
    // CommonJS consumer's TypeScript resolves them (module node20/nodenext), but attw's
    // node16-from-CJS mode still reports "ESM (dynamic import only)", so only that rule is off.
    // node10 resolution (main/types and typesVersions) is checked.
    const result = await exec(
      bin('attw'),
      [
        tarballs[name],
        '--format',
        'json',
        '--no-definitely-typed',
        '--ignore-rules',
        'cjs-resolves-to-esm',
      ],
      { cwd: repoRoot },
    );
    const report = JSON.parse(result.stdout) as { problems?: Record<string, unknown[]> };
    // The JSON lists ignored problems too.
    const { CJSResolvesToESM: _ignored, ...problems } = report.problems ?? {};
    expect(problems).toEqual({});
    expect(result.code, result.stderr).toBe(0);
  });
});
