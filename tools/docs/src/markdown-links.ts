import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** A relative link in a Markdown file that leads nowhere. */
export interface BrokenLink {
  /** `docs/testing-rules.md:12`. */
  readonly where: string;
  readonly target: string;
  readonly reason: string;
}

/** Folders never searched: dependencies, build output, tool state. */
const SKIPPED = new Set(['node_modules', 'dist', 'coverage']);

/** Every Markdown file under `dir` (outside dependencies, build output and dot-folders), sorted. */
export function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: string; number: number }[] {
  const out: { line: string; number: number }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, k) => {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && open !== null) fence = open[1];
    else if (fence !== undefined) {
      const close = line.trim();
      if (close.length >= fence.length && close === fence[0].repeat(close.length))
        fence = undefined;
    } else out.push({ line, number: k + 1 });
  });
  return out;
}

/**
 * The anchors GitHub gives a Markdown file's headings (lower case, punctuation dropped, spaces
 * to hyphens, `-1`, `-2`, … for repeats), and explicit `<a id>`/`<a name>` anchors.
 */
export function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line } of proseLines(text)) {
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]);
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}

/** GitHub's anchor for a heading's Markdown text. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // HTML tags
    .replace(/\\(.)/g, '$1') // escapes
    .replace(/[*`]/g, '');
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The link targets of a Markdown text (inline links, images, reference definitions), by line. */
export function linkTargets(text: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const { line, number } of proseLines(text)) {
    const prose = line.replace(/(`+)(?:(?!\1).)+?\1/g, ''); // inline code is not a link
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ target: m[1], line: number });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(prose);
    if (definition !== null) out.push({ target: definition[1], line: number });
  }
  return out;
}

/**
 * The relative links among `files` (absolute paths) that lead to no file or folder, or to an
 * anchor the target Markdown file does not have. Links with a scheme (`https:`, `mailto:`) are
 * not followed; a link starting with `/` is relative to `root`, as on GitHub.
 */
export function brokenLinks(root: string, files: readonly string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (file: string): Set<string> => {
    let a = anchorCache.get(file);
    if (a === undefined) {
      a = anchors(readFileSync(file, 'utf8'));
      anchorCache.set(file, a);
    }
    return a;
  };
  for (const file of files) {
    for (const { target, line } of linkTargets(readFileSync(file, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const where = `${relative(root, file)}:${line}`;
      const hash = target.indexOf('#');
      const path = decodeURI(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const resolved =
        path === '' ? file : path.startsWith('/') ? join(root, path) : resolve(dirname(file), path);
      if (!existsSync(resolved)) {
        broken.push({ where, target, reason: `${relative(root, resolved)} does not exist` });
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      if (!resolved.endsWith('.md') || statSync(resolved).isDirectory()) continue;
      if (!anchorsOf(resolved).has(anchor)) {
        broken.push({
          where,
          target,
          reason: `${relative(root, resolved)} has no heading or anchor "${anchor}"`,
        });
      }
    }
  }
  return broken;
}
