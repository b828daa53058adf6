import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import type { DeclarationReflection } from 'typedoc';
import { apiReport, UPDATE_COMMAND } from './api-report.js';
import { byPackage, type EntryPoint } from './entry-points.js';
import { lineDiff } from './line-diff.js';

/** The file name of the committed public-API report, in each published package's folder. */
export const REPORT_NAME = 'api-report.md';

/** One package's report as it should read now. */
export interface ReportFile {
  /** Relative to the repository's root: `packages/engine/api-report.md`. */
  readonly file: string;
  readonly text: string;
}

/** The report of every published package, formatted as `prettier --check` expects. */
export async function reportFiles(
  root: string,
  entries: readonly EntryPoint[],
  modules: ReadonlyMap<string, DeclarationReflection>,
): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const [packageName, group] of byPackage(entries)) {
    const file = `${group[0].packageDir}/${REPORT_NAME}`;
    const text = apiReport(
      packageName,
      group.map((e) => [e.importName, modules.get(e.importName)!] as const),
    );
    const config = (await prettier.resolveConfig(join(root, file))) ?? {};
    files.push({
      file,
      text: await prettier.format(text, { ...config, filepath: join(root, file) }),
    });
  }
  return files;
}

/** A committed report that differs from what the sources say now. */
export interface StaleReport {
  readonly file: string;
  /** `-`/`+` lines, at most a screenful. */
  readonly diff: readonly string[];
}

/** The reports whose committed text is missing or differs. */
export function staleReports(root: string, files: readonly ReportFile[]): StaleReport[] {
  const stale: StaleReport[] = [];
  for (const { file, text } of files) {
    const path = join(root, file);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (committed === text) continue;
    stale.push({
      file,
      diff: committed === undefined ? ['(the file does not exist)'] : lineDiff(committed, text, 30),
    });
  }
  return stale;
}

/** What `npm test` prints when reports are stale: which, how, and the command that updates them. */
export function staleMessage(stale: readonly StaleReport[]): string {
  const lines = [
    `${stale.length > 1 ? 'These public-API reports are' : 'This public-API report is'} missing or out of date: the exports of the package changed.`,
    `Run \`${UPDATE_COMMAND}\` and commit the result (review the change: it is the package's public API).`,
  ];
  for (const s of stale) lines.push('', `${s.file}:`, ...s.diff.map((d) => `  ${d}`));
  return lines.join('\n');
}

/** Writes every report; returns the files that changed. */
export function writeReports(root: string, files: readonly ReportFile[]): string[] {
  const changed: string[] = [];
  for (const { file, text } of files) {
    const path = join(root, file);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileSync(path, text);
    changed.push(file);
  }
  return changed;
}
