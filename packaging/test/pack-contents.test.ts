import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  fileListProblems,
  manifestProblems,
  readmeLinkProblems,
  undeclaredImports,
} from '../lib/package-rules.js';
import {
  pack,
  publishedPackages,
  repoRoot,
  repositoryUrl,
  type PackResult,
} from '../lib/packages.js';

const packages = publishedPackages();

describe('the published packages', () => {
  it('are the four packages of the design', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual([
      '@pullback/rules-core',
      '@pullback/engine',
      '@pullback/test-utils',
      '@pullback/eslint-plugin',
    ]);
  });

  let dryRun: PackResult[];
  beforeAll(async () => {
    dryRun = await pack(packages, { dryRun: true });
  });

  describe.each(packages)('$manifest.name', ({ dir, manifest }) => {
    const files = (): string[] => {
      const result = dryRun.find((entry) => entry.name === manifest.name);
      if (!result) throw new Error(`npm pack --dry-run did not list ${manifest.name}`);
      return result.files.map((file) => file.path);
    };

    it('npm pack --dry-run lists exactly the files it should', () => {
      expect(fileListProblems(manifest, files())).toEqual([]);
    });

    it('ships the repository LICENSE (MIT) unchanged', () => {
      expect(files()).toContain('LICENSE');
      const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
      expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the pullback developers\n/);
      expect(readFileSync(join(repoRoot, dir, 'LICENSE'), 'utf8')).toBe(license);
    });

    it('has the metadata the registry shows and installs by', () => {
      expect(manifestProblems(manifest, dir, repositoryUrl)).toEqual([]);
    });

    it("has a README whose links work on the registry's page", () => {
      const readme = readFileSync(join(repoRoot, dir, 'README.md'), 'utf8');
      expect(
        readmeLinkProblems(readme, repositoryUrl, (p) => existsSync(join(repoRoot, p))),
      ).toEqual([]);
    });

    it('imports at run time and in its types only what its manifest declares', () => {
      const packed = join(inject('packaging').consumerDir, 'node_modules', manifest.name);
      const problems = files()
        .filter((file) => /^dist\/.*\.(js|d\.ts)$/.test(file))
        .flatMap((file) =>
          undeclaredImports(manifest, readFileSync(join(packed, file), 'utf8')).map(
            (name) => `${file} imports ${name}`,
          ),
        );
      expect(problems).toEqual([]);
    });
  });
});

describe('@pullback/eslint-plugin', () => {
  it("links every rule to its doc, shipped and at the repository's path", async () => {
    const packed = join(inject('packaging').consumerDir, 'node_modules/@pullback/eslint-plugin');
    const plugin = (await import(join(packed, 'dist/index.js'))) as {
      default: { rules: Record<string, { meta: { docs?: { url?: string } } }> };
    };
    const rules = Object.entries(plugin.default.rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const [name, rule] of rules) {
      const path = `packages/eslint-plugin/docs/rules/${name}.md`;
      expect(rule.meta.docs?.url).toBe(`${repositoryUrl}/blob/main/${path}`);
      expect(existsSync(join(repoRoot, path))).toBe(true);
      expect(existsSync(join(packed, `docs/rules/${name}.md`))).toBe(true);
    }
  });

  it('peers with ESLint 9.15 and later and TypeScript optionally', () => {
    const plugin = packages.find((p) => p.manifest.name === '@pullback/eslint-plugin');
    expect(plugin?.manifest.peerDependencies?.eslint).toBe('^9.15.0 || ^10.0.0');
    expect(plugin?.manifest.peerDependenciesMeta?.typescript?.optional).toBe(true);
  });
});
