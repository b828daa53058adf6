import { builtinModules } from 'node:module';
import type { Manifest } from './packages.js';

/**
 * What may be in a tarball besides the `files` a manifest lists. npm adds package.json, the
 * README and the LICENSE on its own.
 */
const ALWAYS_SHIPPED = new Set(['package.json', 'README.md', 'LICENSE']);

/** Files that must never be published, whatever `files` says: build state, tests, benchmarks. */
const NEVER_SHIPPED: readonly RegExp[] = [
  /\.tsbuildinfo$/,
  /(^|\/)test\//,
  /(^|\/)bench\//,
  /\.test\.[cm]?[jt]s$/,
  /(^|\/)tsconfig[^/]*\.json$/,
  /(^|\/)node_modules\//,
];

/** The problems with a tarball's file list, as sentences (empty when it is right). */
export function fileListProblems(manifest: Manifest, files: readonly string[]): string[] {
  const problems: string[] = [];
  const shipped = new Set(files);
  for (const required of ALWAYS_SHIPPED) {
    if (!shipped.has(required)) problems.push(`${required} is missing`);
  }
  const roots = (manifest.files ?? []).filter((entry) => !entry.startsWith('!'));
  for (const file of files) {
    if (NEVER_SHIPPED.some((pattern) => pattern.test(file))) {
      problems.push(`${file} must not be published (build state, tests or benchmarks)`);
    } else if (
      !ALWAYS_SHIPPED.has(file) &&
      !roots.some((root) => file === root || file.startsWith(`${root}/`))
    ) {
      problems.push(`${file} is outside the manifest's "files"`);
    }
  }
  // Every module is shipped as source, JavaScript and declarations (with both maps), and no
  // compiled file is left over from a source that is gone (tsc never deletes stale output).
  const shippable = files.filter((f) => !NEVER_SHIPPED.some((pattern) => pattern.test(f)));
  const sources = shippable.filter((f) => f.startsWith('src/') && f.endsWith('.ts'));
  const compiled = shippable.filter((f) => f.startsWith('dist/'));
  const base = (file: string): string =>
    file.replace(/^(src|dist)\//, '').replace(/(\.d)?\.(ts|js)(\.map)?$/, '');
  const sourceBases = new Set(sources.map(base));
  for (const source of sources) {
    for (const suffix of ['.js', '.js.map', '.d.ts', '.d.ts.map']) {
      const expected = `dist/${base(source)}${suffix}`;
      if (!shipped.has(expected)) problems.push(`${expected} (compiled from ${source}) is missing`);
    }
  }
  for (const file of compiled) {
    if (!sourceBases.has(base(file))) {
      problems.push(
        `${file} has no source in src/ (stale build output: rebuild from a clean dist/)`,
      );
    }
  }
  for (const target of entryPoints(manifest)) {
    if (!shipped.has(target)) problems.push(`${target}, named in package.json, is not shipped`);
  }
  return problems;
}

/** Every file package.json points at: main, types, exports and typesVersions targets. */
export function entryPoints(manifest: Manifest): string[] {
  const targets: string[] = [];
  const add = (path: string | undefined): void => {
    if (path !== undefined) targets.push(path.replace(/^\.\//, ''));
  };
  add(manifest.main);
  add(manifest.types);
  for (const value of Object.values(manifest.exports ?? {})) {
    if (typeof value === 'string') add(value);
    else Object.values(value).forEach(add);
  }
  for (const map of Object.values(manifest.typesVersions ?? {})) {
    Object.values(map).flat().forEach(add);
  }
  return targets;
}

/** The problems with a published manifest's metadata, as sentences. */
export function manifestProblems(manifest: Manifest, dir: string, repositoryUrl: string): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  expect(manifest.license === 'MIT', 'license should be MIT');
  expect(typeof manifest.author === 'string' && manifest.author !== '', 'author is missing');
  expect((manifest.keywords ?? []).length > 0, 'keywords are missing');
  expect(
    manifest.repository?.type === 'git' &&
      manifest.repository.url === `git+${repositoryUrl}.git` &&
      manifest.repository.directory === dir,
    `repository should be { type: 'git', url: 'git+${repositoryUrl}.git', directory: '${dir}' }`,
  );
  expect(
    manifest.homepage === `${repositoryUrl}/tree/main/${dir}#readme`,
    `homepage should be ${repositoryUrl}/tree/main/${dir}#readme`,
  );
  expect(
    manifest.bugs?.url === `${repositoryUrl}/issues`,
    `bugs.url should be ${repositoryUrl}/issues`,
  );
  // Scoped packages are published as restricted (paid, private) unless told otherwise.
  expect(manifest.publishConfig?.access === 'public', 'publishConfig.access should be "public"');
  expect(
    manifest.main === './dist/index.js' && manifest.types === './dist/index.d.ts',
    'main and types should point at ./dist/index.js and ./dist/index.d.ts (for moduleResolution node10)',
  );
  const exports = manifest.exports ?? {};
  expect(exports['./package.json'] === './package.json', 'exports should map "./package.json"');
  for (const subpath of Object.keys(exports)) {
    if (subpath === '.' || subpath === './package.json') continue;
    const mapped = manifest.typesVersions?.['*']?.[subpath.slice(2)];
    expect(
      mapped !== undefined,
      `typesVersions should map "${subpath.slice(2)}" (node10 resolution ignores exports)`,
    );
  }
  // A published manifest carries no scripts: they would point at tests and benchmarks that are
  // not shipped, and lifecycle scripts would run on users' machines.
  expect(manifest.scripts === undefined, 'scripts belong in the root package.json, not here');
  return problems;
}

/** The packages a module specifier names (`@scope/name` or `name`), or undefined for relative ones. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const BUILTINS = new Set(builtinModules);
const IMPORT_SPECIFIERS =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a JavaScript or declaration file imports. */
export function importedSpecifiers(source: string): string[] {
  // Comments hold examples (`import '@pullback/test-utils/vitest'` in TSDoc): not imports.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(IMPORT_SPECIFIERS)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/**
 * The packages a published file imports that its manifest does not declare (dependencies or
 * peerDependencies), Node's built-ins and the package itself excepted. `@types/node` stands in
 * for Node's built-ins in declarations.
 */
export function undeclaredImports(manifest: Manifest, source: string): string[] {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  return importedSpecifiers(source)
    .map(packageOf)
    .filter(
      (name): name is string => name !== undefined && !BUILTINS.has(name) && !declared.has(name),
    );
}

const LINK = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)/gm;

/**
 * The problems with the links of a README published to the registry, where relative links do
 * not resolve: every link is absolute (or an anchor), and links into the repository name a path
 * that exists (`exists(path)`, relative to the repository's root).
 */
export function readmeLinkProblems(
  readme: string,
  repositoryUrl: string,
  exists: (path: string) => boolean,
): string[] {
  const problems: string[] = [];
  // Code spans and blocks are not links.
  const prose = readme.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const match of prose.matchAll(LINK)) {
    const url = match[1] ?? match[2];
    if (url.startsWith('#')) continue;
    if (!/^(https?:|mailto:)/.test(url)) {
      problems.push(`${url} is relative: on the registry's page it leads nowhere`);
      continue;
    }
    const inRepo = new RegExp(
      `^${repositoryUrl.replace(/[.]/g, '\\.')}/(?:blob|tree)/main/([^#?]*)`,
    ).exec(url);
    if (inRepo && !exists(decodeURIComponent(inRepo[1]).replace(/\/$/, ''))) {
      problems.push(`${url} names ${inRepo[1]}, which is not in the repository`);
    }
  }
  return problems;
}
