import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { matchesAnyGlob } from './glob.js';

/** The shared settings the plugin reads from `settings.pullback` in an ESLint config. */
export interface PullbackSettings {
  /**
   * Globs, relative to ESLint's working directory, of files whose every top-level function is
   * differentiable code.
   */
  readonly differentiableFiles?: readonly string[];
}

/** Reads and checks `settings.pullback`; a malformed value is an error in the user's config. */
export function readSettings(settings: TSESLint.SharedConfigurationSettings): PullbackSettings {
  const raw: unknown = settings.pullback;
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null) {
    throw new TypeError(
      'settings.pullback must be an object such as { differentiableFiles: [...] }.',
    );
  }
  const files: unknown = (raw as Record<string, unknown>).differentiableFiles;
  if (files === undefined) return {};
  if (!Array.isArray(files) || !files.every((glob) => typeof glob === 'string')) {
    throw new TypeError('settings.pullback.differentiableFiles must be an array of glob strings.');
  }
  return { differentiableFiles: files };
}

/** True when the linted file is listed in `settings.pullback.differentiableFiles`. */
export function isDifferentiableFile(
  settings: PullbackSettings,
  filename: string,
  cwd: string,
): boolean {
  const globs = settings.differentiableFiles;
  if (!globs || globs.length === 0) return false;
  const relative = path.relative(cwd, filename).split(path.sep).join('/');
  return matchesAnyGlob(relative, globs);
}
