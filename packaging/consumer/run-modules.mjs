// `node run-modules.mjs <results.jsonl> <module>...` imports each module in order, in this one
// process (a process per module would pay Node's start-up and the packages' loading each time),
// and appends one JSON line per module to the results file: { "module", "error" } with the
// error's stack, or null. What the modules print goes to stdout and stderr as usual.
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [results, ...modules] = process.argv.slice(2);
for (const module of modules) {
  let error = null;
  try {
    await import(pathToFileURL(module).href);
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? String(e)) : String(e);
  }
  appendFileSync(results, `${JSON.stringify({ module, error })}\n`);
}
