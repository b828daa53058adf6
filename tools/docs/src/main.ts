import { join, relative } from 'node:path';
import { entryPoints } from './entry-points.js';
import { undocumented, unexportedReferences } from './documentation-check.js';
import { brokenLinks, markdownFiles } from './markdown-links.js';
import { reportFiles, staleMessage, staleReports, writeReports } from './report-files.js';
import { convert } from './typedoc-project.js';

/**
 * `npm run docs`: builds the API reference (Markdown, in dist/api) from the TSDoc of every entry
 * point of every published package, and fails when an export has no TSDoc, a `{@link}` or a
 * relative link in the repository's Markdown leads nowhere, or a committed public-API report is
 * out of date. `npm run docs:api-report` (`--update`) rewrites the reports instead of checking them.
 */
async function main(argv: readonly string[]): Promise<number> {
  const update = argv.includes('--update');
  const root = process.cwd();
  const out = join(root, 'dist', 'api');
  const started = performance.now();

  const entries = entryPoints(root);
  const { app, project, logger, modules } = await convert(entries, {
    root,
    tsconfig: join(root, 'tsconfig.json'),
    out,
    echo: true,
  });
  app.validate(project);
  const problems: string[] = logger.messages.map((m) => `TypeDoc ${m.level}: ${m.text}`);
  const missing = undocumented(modules);
  for (const u of missing) problems.push(`${u.where}: ${u.name} (${u.kind}) has no TSDoc comment`);
  const packages = new Set(entries.map((e) => e.packageName));
  for (const u of unexportedReferences(modules, packages)) {
    problems.push(
      `${u.where}: ${u.from} names the type ${u.type}, which no entry point exports: export it (with TSDoc) or use an exported type`,
    );
  }
  if (problems.length > 0) {
    const hint =
      missing.length > 0
        ? '\n\nEvery export of a published package, and every member of an exported class, interface or enum, needs a TSDoc comment (/** … */) saying what it is for.'
        : '';
    console.error(
      `\nThe API reference was not built: ${problems.length} problem${problems.length > 1 ? 's' : ''}.\n${problems.join('\n')}${hint}`,
    );
    return 1;
  }
  await app.generateOutputs(project);

  const links = brokenLinks(root, [...markdownFiles(root), ...markdownFiles(out)]);
  if (links.length > 0) {
    console.error(
      `\n${links.length} broken link${links.length > 1 ? 's' : ''} in the Markdown:\n${links.map((l) => `${l.where}: ${l.target}: ${l.reason}`).join('\n')}`,
    );
    return 1;
  }

  const reports = await reportFiles(root, entries, modules);
  if (update) {
    const changed = writeReports(root, reports);
    console.log(
      changed.length === 0
        ? 'The public-API reports are up to date.'
        : `Rewrote ${changed.join(', ')}: review and commit.`,
    );
  } else {
    const stale = staleReports(root, reports);
    if (stale.length > 0) {
      console.error(`\n${staleMessage(stale)}`);
      return 1;
    }
  }
  const exported = [...modules.values()].reduce((n, m) => n + (m.children?.length ?? 0), 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `API reference: ${relative(root, join(out, 'README.md'))} (${entries.length} entry points, ${exported} exports, all documented; links checked; reports ${update ? 'written' : 'current'}) in ${seconds} s.`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
