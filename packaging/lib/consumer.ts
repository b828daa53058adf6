import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execOrThrow } from './exec.js';
import { repoRoot } from './packages.js';

/** The template of the consumer project: its tsconfig, package.json and type cases. */
export const consumerTemplate = join(repoRoot, 'packaging', 'consumer');

/**
 * Lays out a consumer project in `dir` the way `npm install <tarballs>` would, without the
 * network: each tarball is extracted into `node_modules/<name>` as npm does, and every other
 * package the tarballs and the cases need comes from the repository's own installed
 * dependencies (each top-level entry of its `node_modules`, linked). Which imports the
 * tarballs' code may make is checked separately, against their manifests.
 */
export async function installConsumer(
  dir: string,
  tarballs: readonly { name: string; path: string }[],
): Promise<void> {
  cpSync(consumerTemplate, dir, { recursive: true });
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const ours = new Set(tarballs.map((t) => t.name.split('/')[0]));
  const installed = join(repoRoot, 'node_modules');
  for (const entry of readdirSync(installed, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || ours.has(entry.name)) continue;
    symlinkSync(join(installed, entry.name), join(modules, entry.name), 'dir');
  }
  for (const scope of ours) {
    if (!scope.startsWith('@')) continue;
    for (const entry of readdirSync(join(installed, scope), { withFileTypes: true })) {
      if (tarballs.some((t) => t.name === `${scope}/${entry.name}`)) continue;
      mkdirSync(join(modules, scope), { recursive: true });
      symlinkSync(join(installed, scope, entry.name), join(modules, scope, entry.name), 'dir');
    }
  }
  for (const tarball of tarballs) {
    const target = join(modules, tarball.name);
    mkdirSync(target, { recursive: true });
    // npm puts a package's files under `package/` in its tarball.
    await execOrThrow('tar', ['-xzf', tarball.path, '-C', target, '--strip-components=1'], {
      cwd: dir,
    });
  }
}
