import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * How a ```ts block of the documentation is checked (CONTRIBUTING.md, "Code in the docs"):
 * - `run` (no flag): a whole module, type-checked against the packed packages and run by Node;
 * - `no-run`: type-checked only (it needs vitest's runner, or fails on purpose);
 * - `type-error`: must fail to type-check (wrong code shown on purpose); not run.
 */
export type SnippetMode = 'run' | 'no-run' | 'type-error';

const FLAGS: ReadonlySet<string> = new Set(['no-run', 'type-error']);

/** One ```ts block of a Markdown file, with the hidden prelude written just before it. */
export interface Snippet {
  /** The Markdown file, relative to the repository's root, with `/` separators. */
  readonly file: string;
  /** The 1-based line of the opening fence. */
  readonly fenceLine: number;
  readonly mode: SnippetMode;
  /** The block's code. */
  readonly code: string;
  /** Code from a `<!-- ts-prelude … -->` comment right above the fence ('' when none). */
  readonly prelude: string;
  /** The 1-based line of the prelude's first line of code (0 when there is none). */
  readonly preludeLine: number;
}

/** Directories never searched for documentation: dependencies, build output, tool state. */
const SKIPPED = new Set(['node_modules', 'dist', 'coverage']);

/**
 * Every Markdown file under `root`, found by walking the tree (so files added later are
 * checked too), outside dependencies, build output and dot-directories. Sorted.
 */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk(root);
  return found.map((path) => relative(root, path).split('\\').join('/')).sort();
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)(.*)$/;
const PRELUDE_OPEN = /^\s*<!--\s*ts-prelude\s*$/;

/**
 * The TypeScript blocks (info string `ts` or `typescript`) of one Markdown text. An unknown
 * flag, an unclosed fence or a prelude not followed by a ts block is an error, so a typo
 * cannot exempt a block from being checked.
 */
export function extractSnippets(file: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  let pendingPrelude: { code: string; line: number; endLine: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (PRELUDE_OPEN.test(lines[i])) {
      const end = lines.findIndex((line, j) => j > i && line.trim() === '-->');
      if (end === -1) throw new Error(`${file}:${i + 1}: ts-prelude comment is not closed`);
      pendingPrelude = { code: lines.slice(i + 1, end).join('\n'), line: i + 2, endLine: end };
      i = end;
      continue;
    }
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, , fence, language, rest] = open;
    const closes = (line: string): boolean => {
      const trimmed = line.trim();
      return trimmed.length >= fence.length && trimmed === fence[0].repeat(trimmed.length);
    };
    const close = lines.findIndex((line, j) => j > i && closes(line));
    if (close === -1) throw new Error(`${file}:${i + 1}: code block is not closed`);
    const isTs = language === 'ts' || language === 'typescript';
    const adjacent = (prelude: { endLine: number }): boolean =>
      lines.slice(prelude.endLine + 1, i).every((line) => line.trim() === '');
    if (pendingPrelude && !(isTs && adjacent(pendingPrelude))) {
      throw new Error(
        `${file}:${pendingPrelude.line - 1}: a ts-prelude comment must stand right above a ts block`,
      );
    }
    if (isTs) {
      const flags = rest.trim().split(/\s+/).filter(Boolean);
      const unknown = flags.filter((flag) => !FLAGS.has(flag));
      if (unknown.length > 0 || flags.length > 1) {
        throw new Error(
          `${file}:${i + 1}: unknown or conflicting flags "${rest.trim()}" on a ts block; use at most one of ${[...FLAGS].join(', ')}`,
        );
      }
      snippets.push({
        file,
        fenceLine: i + 1,
        mode: (flags[0] as SnippetMode | undefined) ?? 'run',
        code: lines.slice(i + 1, close).join('\n') + '\n',
        prelude: pendingPrelude?.code ?? '',
        preludeLine: pendingPrelude?.line ?? 0,
      });
    }
    pendingPrelude = undefined;
    i = close;
  }
  if (pendingPrelude) {
    throw new Error(
      `${file}:${pendingPrelude.line - 1}: a ts-prelude comment must stand right above a ts block`,
    );
  }
  return snippets;
}

/** Every TypeScript block of every Markdown file under `root`. */
export function allSnippets(root: string): Snippet[] {
  return markdownFiles(root).flatMap((file) =>
    extractSnippets(file, readFileSync(join(root, file), 'utf8')),
  );
}

/** A file name for a snippet: its Markdown path and fence line, e.g. `packages_engine_README.md_L6.ts`. */
export function snippetFileName(snippet: Snippet): string {
  return `${snippet.file.replace(/[^A-Za-z0-9.-]+/g, '_')}_L${snippet.fenceLine}.ts`;
}

/**
 * The source text of a snippet's module: the prelude, then the block. `toMarkdownLine` maps a
 * 1-based line of that text back to the Markdown file's line.
 */
export function snippetSource(snippet: Snippet): {
  text: string;
  toMarkdownLine: (line: number) => number;
} {
  const preludeLines = snippet.prelude === '' ? 0 : snippet.prelude.split('\n').length;
  const text = preludeLines === 0 ? snippet.code : `${snippet.prelude}\n${snippet.code}`;
  return {
    text,
    toMarkdownLine: (line) =>
      line <= preludeLines
        ? snippet.preludeLine + line - 1
        : snippet.fenceLine + line - preludeLines,
  };
}
