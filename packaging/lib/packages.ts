import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execOrThrow } from './exec.js';

/** The repository's root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The fields of a package.json the checks read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly author?: string;
  readonly keywords?: readonly string[];
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly repository?: {
    readonly type?: string;
    readonly url?: string;
    readonly directory?: string;
  };
  readonly main?: string;
  readonly types?: string;
  readonly files?: readonly string[];
  readonly scripts?: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly typesVersions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly publishConfig?: { readonly access?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly workspaces?: readonly string[];
}

/** A workspace that is published to npm. */
export interface PublishedPackage {
  /** Its directory relative to the root, e.g. `packages/engine`. */
  readonly dir: string;
  readonly manifest: Manifest;
}

/** Reads a package.json. */
export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every workspace that is not private, in the root package.json's order. */
export function publishedPackages(): PublishedPackage[] {
  return (readManifest(repoRoot).workspaces ?? [])
    .map((dir) => ({ dir, manifest: readManifest(join(repoRoot, dir)) }))
    .filter((pkg) => !pkg.manifest.private);
}

/** One entry of `npm pack --json`'s output. */
export interface PackResult {
  readonly name: string;
  readonly version: string;
  /** The tarball's file name (in the pack destination). */
  readonly filename: string;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

/**
 * `npm pack --json` of the published workspaces into `destination` (or, with `dryRun`, only the
 * file lists). Packing reads the local folders: no network.
 */
export async function pack(
  packages: readonly PublishedPackage[],
  options: { destination?: string; dryRun?: boolean },
): Promise<PackResult[]> {
  const args = ['pack', '--json', '--ignore-scripts', '--loglevel=error'];
  if (options.dryRun) args.push('--dry-run');
  if (options.destination) args.push('--pack-destination', options.destination);
  for (const pkg of packages) args.push('--workspace', pkg.dir);
  return JSON.parse(await execOrThrow('npm', args, { cwd: repoRoot })) as PackResult[];
}

/** The repository the packages are published from (package.json `repository`, without `git+`/`.git`). */
export const repositoryUrl = 'https://github.com/pullback/pullback';
