const compiled = new Map<string, RegExp>();

/**
 * A matcher for the glob syntax ESLint users write in `files`: `**` crosses directories,
 * `*` and `?` stay within one, `{a,b}` picks one. Kept local so the plugin needs no
 * dependency beyond @typescript-eslint/utils.
 */
export function globToRegExp(glob: string): RegExp {
  const cached = compiled.get(glob);
  if (cached) return cached;
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      source += slashAfter ? '(?:[^/]*/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) {
      source += '|';
    } else {
      source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  const regExp = new RegExp(`^${source}$`);
  compiled.set(glob, regExp);
  return regExp;
}

/** True when `path` (with `/` separators) matches any of `globs`. */
export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) =>
    globToRegExp(glob.startsWith('./') ? glob.slice(2) : glob).test(path),
  );
}
