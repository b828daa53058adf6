import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { ExternalUses } from './detection.js';
import { FileAnalysis } from './file-analysis.js';
import { importedCallee } from './imports.js';
import { isDifferentiableFile, readSettings } from '../util/settings.js';

/**
 * Differentiable code often calls helpers of another file: a model in one file, its training
 * loop in another. Linting the model's file alone, nothing says it is differentiated. This
 * module finds, for the file being linted, the files of its project that import it, analyses
 * them (without type information, with the parser ESLint uses) and collects which of its
 * functions, classes and methods their differentiable code calls, and with which arguments
 * active. Files are read from disk, indexed once per project and re-read when they change.
 */

const SOURCE_FILE = /\.(?:ts|tsx|mts|cts)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage', 'out']);
const MAX_FILES = 20_000;
/** How long a project's import index is trusted before the directory is read again. */
const INDEX_LIFETIME_MS = 5_000;
const RELATIVE_IMPORT = /\b(?:import|export)\s[^;'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g;

interface ProjectIndex {
  readonly builtAt: number;
  /** For each file, the files that import it with a relative specifier. */
  readonly importers: ReadonlyMap<string, readonly string[]>;
}

interface Parsed {
  readonly mtimeMs: number;
  readonly analysis: FileAnalysis | undefined;
}

type Parser = {
  parseForESLint?: (
    text: string,
    options: Record<string, unknown>,
  ) => {
    ast: TSESTree.Program;
    scopeManager?: unknown;
    visitorKeys?: Record<string, readonly string[]>;
    services?: Record<string, unknown>;
  };
};

const projects = new Map<string, ProjectIndex>();
const parsed = new Map<string, Parsed>();

/**
 * What differentiable code in other files of the project says about the file `context` lints;
 * `undefined` when nothing imports it or the parser cannot parse other files.
 */
export function externalUsesOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): ExternalUses | undefined {
  const parser = context.languageOptions.parser as Parser | undefined;
  const filename = path.resolve(context.filename);
  if (!parser?.parseForESLint || !SOURCE_FILE.test(filename) || !existsSync(filename))
    return undefined;
  const root = projectRoot(path.dirname(filename));
  if (!root) return undefined;
  return usesOf(filename, indexOf(root), parser, new Set());
}

function usesOf(
  target: string,
  index: ProjectIndex,
  parser: Parser,
  visiting: Set<string>,
): ExternalUses | undefined {
  const importers = index.importers.get(target);
  if (!importers || visiting.has(target) || visiting.size > 16) return undefined;
  visiting.add(target);
  const uses = new Map<string, Set<number>>();
  const inputs = new Map<string, Set<number>>();
  const merge = (into: Map<string, Set<number>>, name: string, positions: Set<number>): void => {
    const known = into.get(name) ?? new Set<number>();
    for (const k of positions) known.add(k);
    into.set(name, known);
  };
  for (const importer of importers) {
    const analysis = analysisOfFile(importer, index, parser, visiting);
    if (!analysis) continue;
    for (const [name, use] of analysis.usesOfModule((specifier) =>
      resolvesTo(importer, specifier, target),
    )) {
      merge(uses, name, use.seeds);
      merge(inputs, name, use.inputs);
    }
  }
  visiting.delete(target);
  return uses.size > 0 ? { names: uses, inputs } : undefined;
}

/** The analysis of another file of the project, built with its own external uses. */
function analysisOfFile(
  file: string,
  index: ProjectIndex,
  parser: Parser,
  visiting: Set<string>,
): FileAnalysis | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = parsed.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.analysis;
  let analysis: FileAnalysis | undefined;
  try {
    const text = readFileSync(file, 'utf8');
    const result = parser.parseForESLint?.(text, {
      filePath: file,
      sourceType: 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      tokens: true,
      comment: true,
    });
    if (result?.scopeManager && result.visitorKeys) {
      setParents(result.ast, result.visitorKeys);
      const sourceCode = new TSESLint.SourceCode({
        text,
        ast: result.ast as TSESLint.SourceCode.Program,
        parserServices: null,
        scopeManager: result.scopeManager as TSESLint.Scope.ScopeManager,
        visitorKeys: result.visitorKeys,
      });
      analysis = new FileAnalysis({
        sourceCode,
        wholeFile: false,
        external: usesOf(file, index, parser, visiting),
      });
    }
  } catch {
    // A file that does not parse says nothing about its imports.
    analysis = undefined;
  }
  parsed.set(file, { mtimeMs, analysis });
  return analysis;
}

/** ESLint links each node to its parent while it lints; a file parsed here needs the same. */
function setParents(
  root: TSESTree.Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): void {
  const stack: TSESTree.Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') {
          (item as { parent: TSESTree.Node }).parent = node;
          stack.push(item as TSESTree.Node);
        }
      }
    }
  }
}

/** The nearest directory upwards with a tsconfig.json or package.json. */
function projectRoot(start: string): string | undefined {
  let dir = start;
  for (let depth = 0; depth < 12; depth++) {
    if (existsSync(path.join(dir, 'tsconfig.json')) || existsSync(path.join(dir, 'package.json')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function indexOf(root: string): ProjectIndex {
  const known = projects.get(root);
  if (known && Date.now() - known.builtAt < INDEX_LIFETIME_MS) return known;
  const importers = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = resolveSpecifier(file, match[1]);
      if (!target) continue;
      const list = importers.get(target) ?? [];
      if (!list.includes(file)) list.push(file);
      importers.set(target, list);
    }
  }
  const index = { builtAt: Date.now(), importers };
  projects.set(root, index);
  return index;
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 12 || files.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, depth + 1);
      } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push(full);
      }
    }
  };
  walk(root, 0);
  return files;
}

/** The file a relative specifier names, as NodeNext and bundlers resolve TypeScript sources. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(?:m|c)?js$/, '');
  for (const candidate of [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.cts`,
    path.join(base, 'index.ts'),
  ]) {
    if (SOURCE_FILE.test(candidate) && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A type alias as an annotation that names it sees it. */
export interface TypeAlias {
  /** The type it stands for. */
  readonly typeAnnotation: TSESTree.TypeNode;
  /** That type's text, for messages. */
  readonly text: string;
}

const exportedAliases = new Map<
  string,
  { readonly mtimeMs: number; readonly aliases: ReadonlyMap<string, TypeAlias> }
>();

/**
 * The type alias `name` names when the file `context` lints imports it with a relative
 * specifier from another file of the project that declares it (`import { type State } from
 * './integrator.js'` with `export type State = number[]` there).
 */
export function importedTypeAlias(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  name: TSESTree.Identifier,
  variableOf: (id: TSESTree.Identifier) => TSESLint.Scope.Variable | null,
): TypeAlias | undefined {
  const imported = importedCallee(name, variableOf);
  const parser = context.languageOptions.parser as Parser | undefined;
  if (!imported || imported.name === '*' || !parser?.parseForESLint) return undefined;
  const file = relativeFile(path.resolve(context.filename), imported.specifier);
  return file ? aliasesOf(file, parser).get(imported.name) : undefined;
}

/** The type aliases a file exports by name, parsed once per version of the file. */
function aliasesOf(file: string, parser: Parser): ReadonlyMap<string, TypeAlias> {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return new Map();
  }
  const cached = exportedAliases.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.aliases;
  const aliases = new Map<string, TypeAlias>();
  try {
    const text = readFileSync(file, 'utf8');
    const { ast } = parser.parseForESLint?.(text, {
      filePath: file,
      sourceType: 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
    }) ?? { ast: undefined };
    const declared = new Map<string, TypeAlias>();
    const exported: [local: string, name: string][] = [];
    for (const statement of ast?.body ?? []) {
      const declaration =
        statement.type === AST_NODE_TYPES.ExportNamedDeclaration
          ? statement.declaration
          : statement;
      if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) {
        const alias = {
          typeAnnotation: declaration.typeAnnotation,
          text: text.slice(...declaration.typeAnnotation.range),
        };
        declared.set(declaration.id.name, alias);
        if (declaration !== statement) aliases.set(declaration.id.name, alias);
      }
      if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && !statement.source) {
        for (const specifier of statement.specifiers) {
          if (
            specifier.local.type === AST_NODE_TYPES.Identifier &&
            specifier.exported.type === AST_NODE_TYPES.Identifier
          )
            exported.push([specifier.local.name, specifier.exported.name]);
        }
      }
    }
    for (const [local, name] of exported) {
      const alias = declared.get(local);
      if (alias) aliases.set(name, alias);
    }
  } catch {
    // A file that does not parse declares nothing we can read.
  }
  exportedAliases.set(file, { mtimeMs, aliases });
  return aliases;
}

/** The analysis of the file `context` lints, built on first use and shared by every rule. */
const analyses = new WeakMap<TSESTree.Program, FileAnalysis | undefined>();

/**
 * The analysis of the file `context` lints, built on first use and shared by every rule;
 * `undefined` for a file that cannot hold differentiable code: it neither mentions pullback nor
 * is configured or imported as differentiable code (most files of a project, which then cost
 * the plugin nothing).
 */
export function analysisOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): FileAnalysis | undefined {
  const program = context.sourceCode.ast;
  if (analyses.has(program)) return analyses.get(program);
  const text = context.sourceCode.text;
  const wholeFile = isDifferentiableFile(
    readSettings(context.settings),
    context.filename,
    context.cwd,
  );
  const external = externalUsesOf(context);
  const typed = context.sourceCode.parserServices?.program !== undefined;
  const relevant =
    wholeFile ||
    external !== undefined ||
    text.includes('@pullback/') ||
    text.includes('@differentiable') ||
    (typed && text.includes('Real'));
  const analysis = relevant
    ? new FileAnalysis({ sourceCode: context.sourceCode, wholeFile, external })
    : undefined;
  analyses.set(program, analysis);
  return analysis;
}

/** The file of the project a relative specifier of `from` names. */
function relativeFile(from: string, specifier: string): string | undefined {
  return specifier.startsWith('.') ? resolveSpecifier(from, specifier) : undefined;
}

function resolvesTo(from: string, specifier: string, target: string): boolean {
  return relativeFile(from, specifier) === target;
}
