import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  Application,
  Comment,
  LogLevel,
  ReflectionKind,
  type DeclarationReflection,
  type ProjectReflection,
  type TypeDocOptions,
} from 'typedoc';
import type { PluginOptions } from 'typedoc-plugin-markdown';
import type { EntryPoint } from './entry-points.js';
import { CollectingLogger } from './logger.js';

/** A converted project, with the application that can validate and render it. */
export interface Converted {
  readonly app: Application;
  readonly project: ProjectReflection;
  readonly logger: CollectingLogger;
  /** The module of each entry point, by import name (`@pullback/rules-core/math`). */
  readonly modules: ReadonlyMap<string, DeclarationReflection>;
}

/** Where and how to build. */
export interface ConvertOptions {
  /** The repository's root. */
  readonly root: string;
  /** The tsconfig whose compiler options apply (its file list is ignored). */
  readonly tsconfig: string;
  /** Where the Markdown reference goes. */
  readonly out: string;
  /** Print TypeDoc's messages as they come (the command line does; tests do not). */
  readonly echo: boolean;
}

const markdownPlugin = fileURLToPath(import.meta.resolve('typedoc-plugin-markdown'));

/**
 * Converts the entry points' sources with TypeDoc, in one TypeScript program, and names each
 * module after what a user imports. Type errors are not TypeDoc's business here (`npm run
 * typecheck` has them), so TypeDoc skips its own type check.
 */
export async function convert(
  entries: readonly EntryPoint[],
  options: ConvertOptions,
): Promise<Converted> {
  const logger = new CollectingLogger(options.echo);
  const settings: TypeDocOptions & Partial<PluginOptions> = {
    name: 'pullback',
    entryPoints: entries.map((e) => e.sourceFile),
    entryPointStrategy: 'resolve',
    plugin: [markdownPlugin],
    readme: 'none',
    out: options.out,
    basePath: options.root,
    skipErrorChecking: true,
    excludePrivate: true,
    excludeInternal: true,
    // Members inherited from the standard library (an Error's stack) are not ours to document.
    excludeExternals: true,
    logLevel: 'Warn',
    // The Markdown plugin: one page per entry point, easy to search and to read in an editor.
    outputFileStrategy: 'modules',
    hidePageHeader: true,
    validation: {
      notExported: true,
      invalidLink: true,
      invalidPath: true,
      rewrittenLink: true,
      unusedMergeModuleWith: true,
      // Our own check (documentation-check.ts) says precisely which exports need TSDoc.
      notDocumented: false,
    },
  };
  // No option readers: nothing is read from a typedoc.json or tsconfig.json in the working directory.
  const app = await Application.bootstrapWithPlugins(settings, []);
  logger.level = LogLevel.Warn;
  app.logger = logger;
  app.options.setCompilerOptions(
    entries.map((e) => e.sourceFile),
    compilerOptions(options.tsconfig),
    undefined,
  );
  const project = await app.convert();
  if (project === undefined) {
    throw new Error(
      `TypeDoc could not convert the entry points:\n${logger.messages.map((m) => m.text).join('\n')}`,
    );
  }
  return { app, project, logger, modules: nameModules(project, entries, options.root) };
}

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  return {
    ...parsed.options,
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
  };
}

/**
 * TypeDoc names modules after their paths (`engine/src`); users know them by what they import.
 * With one entry point TypeDoc makes the project itself the module.
 */
function nameModules(
  project: ProjectReflection,
  entries: readonly EntryPoint[],
  root: string,
): Map<string, DeclarationReflection> {
  const modules = new Map<string, DeclarationReflection>();
  const children = project.getChildrenByKind(ReflectionKind.Module);
  for (const entry of entries) {
    const module = children.find((m) =>
      m.sources?.some(
        (s) => join(root, s.fileName) === entry.sourceFile || s.fullFileName === entry.sourceFile,
      ),
    );
    if (module === undefined) {
      throw new Error(`TypeDoc made no module for ${entry.importName} (${entry.sourceFile})`);
    }
    module.name = entry.importName;
    if (!module.hasComment() && entry.subpath === '.') {
      const description = packageDescription(root, entry);
      if (description !== undefined)
        module.comment = new Comment([{ kind: 'text', text: description }]);
    }
    modules.set(entry.importName, module);
  }
  return modules;
}

function packageDescription(root: string, entry: EntryPoint): string | undefined {
  const manifest = JSON.parse(
    readFileSync(join(root, entry.packageDir, 'package.json'), 'utf8'),
  ) as { description?: string };
  return manifest.description;
}
