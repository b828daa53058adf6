import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One public entry point of a published package: an `exports` subpath with its source file. */
export interface EntryPoint {
  /** The package's name, `@pullback/engine`. */
  readonly packageName: string;
  /** The package's folder, relative to the repository's root (`packages/engine`). */
  readonly packageDir: string;
  /** The `exports` key, `.` or `./math`. */
  readonly subpath: string;
  /** What a user imports: `@pullback/rules-core/math`. */
  readonly importName: string;
  /** The TypeScript source behind it, absolute. */
  readonly sourceFile: string;
}

/** The condition under which this repository's `exports` point at TypeScript sources. */
export const SOURCE_CONDITION = '@pullback/source';

interface Manifest {
  readonly name?: string;
  readonly private?: boolean;
  readonly workspaces?: readonly string[];
  readonly exports?: unknown;
}

function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/**
 * Every entry point of every published workspace of the repository at `root`: the workspaces
 * listed in the root `package.json` that are not `private`, and for each the subpaths of its
 * `exports` map that lead to code. A subpath added to an `exports` map is documented, checked and
 * reported from then on without touching the documentation build.
 */
export function entryPoints(root: string): EntryPoint[] {
  const workspaces = readManifest(join(root, 'package.json')).workspaces ?? [];
  const found: EntryPoint[] = [];
  for (const workspace of workspaces) {
    if (/[*?]/.test(workspace)) {
      throw new Error(
        `package.json: the workspace pattern "${workspace}" is not supported by the documentation build; list the folders one by one`,
      );
    }
    const manifestFile = join(root, workspace, 'package.json');
    const manifest = readManifest(manifestFile);
    if (manifest.private === true) continue;
    if (manifest.name === undefined) throw new Error(`${relative(root, manifestFile)} has no name`);
    found.push(...packageEntryPoints(root, workspace, manifest.name, manifest.exports));
  }
  return found;
}

function packageEntryPoints(
  root: string,
  packageDir: string,
  packageName: string,
  exports: unknown,
): EntryPoint[] {
  const where = `${packageDir}/package.json`;
  if (exports === undefined) throw new Error(`${where} has no "exports" map`);
  // `"exports": "./dist/index.js"` and `{ "types": …, "default": … }` both mean the root alone.
  const map: Record<string, unknown> =
    typeof exports === 'string' || !Object.keys(exports as object).some((k) => k.startsWith('.'))
      ? { '.': exports }
      : (exports as Record<string, unknown>);
  const entries: EntryPoint[] = [];
  for (const [subpath, target] of Object.entries(map)) {
    if (subpath.includes('*')) {
      throw new Error(
        `${where}: the exports pattern "${subpath}" is not supported by the documentation build; list its subpaths one by one`,
      );
    }
    const source = sourceOf(target);
    if (source === 'not code') continue;
    if (source === undefined) {
      throw new Error(
        `${where}: exports["${subpath}"] names neither a "${SOURCE_CONDITION}" source nor "types" in dist/ that maps to one`,
      );
    }
    const sourceFile = join(root, packageDir, source);
    if (!existsSync(sourceFile)) {
      throw new Error(`${where}: exports["${subpath}"] leads to ${source}, which does not exist`);
    }
    entries.push({
      packageName,
      packageDir,
      subpath,
      importName: subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`,
      sourceFile,
    });
  }
  return entries;
}

/**
 * The source file (relative to the package) behind one `exports` target: the source condition
 * when there is one, else the `types` (or JavaScript) in `dist/` mapped back to `src/`.
 * `'not code'` for targets such as `./package.json`.
 */
function sourceOf(target: unknown): string | 'not code' | undefined {
  if (typeof target === 'string') {
    if (!/\.[cm]?[jt]s$/.test(target)) return 'not code';
    if (/\.[cm]?ts$/.test(target) && !/\.d\.[cm]?ts$/.test(target)) return target;
    const built = /^\.\/dist\/(.+?)(?:\.d)?\.([cm]?)[jt]s$/.exec(target);
    return built === null ? undefined : `./src/${built[1]}.${built[2]}ts`;
  }
  if (target === null || typeof target !== 'object') return undefined;
  const conditions = target as Record<string, unknown>;
  const own = conditions[SOURCE_CONDITION];
  if (typeof own === 'string') return own;
  for (const key of ['types', 'import', 'default']) {
    const s = key in conditions ? sourceOf(conditions[key]) : undefined;
    if (s !== undefined && s !== 'not code') return s;
  }
  return undefined;
}

/** The entry points grouped by package, in the order the workspaces list them. */
export function byPackage(entries: readonly EntryPoint[]): Map<string, EntryPoint[]> {
  const groups = new Map<string, EntryPoint[]>();
  for (const e of entries) {
    const group = groups.get(e.packageName) ?? [];
    group.push(e);
    groups.set(e.packageName, group);
  }
  return groups;
}
