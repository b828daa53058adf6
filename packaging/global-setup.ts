import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { installConsumer } from './lib/consumer.js';
import { pack, publishedPackages } from './lib/packages.js';

/** What the global setup hands to the test files (through `inject`). */
export interface PackagingContext {
  /** The directory holding the packed tarballs. */
  readonly packDir: string;
  /** package name → absolute path of its tarball. */
  readonly tarballs: Readonly<Record<string, string>>;
  /** The consumer project, installed from the tarballs. */
  readonly consumerDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packaging: PackagingContext;
  }
}

/**
 * Packs every published package once (they must have been built: `npm run build`) and
 * installs a consumer project from the tarballs, for all the packaging tests. The temporary
 * directory is removed afterwards unless PULLBACK_KEEP_PACKAGING=1, which prints it instead.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'pullback-packaging-'));
  const packDir = join(root, 'tarballs');
  mkdirSync(packDir);
  const packed = await pack(publishedPackages(), { destination: packDir });
  const tarballs = Object.fromEntries(packed.map((p) => [p.name, join(packDir, p.filename)]));
  const consumerDir = join(root, 'consumer');
  await installConsumer(
    consumerDir,
    Object.entries(tarballs).map(([name, path]) => ({ name, path })),
  );
  project.provide('packaging', { packDir, tarballs, consumerDir });
  return () => {
    if (process.env.PULLBACK_KEEP_PACKAGING === '1') {
      console.log(`packaging: kept ${root}`);
    } else {
      rmSync(root, { recursive: true, force: true });
    }
  };
}
