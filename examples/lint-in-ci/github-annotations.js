// An ESLint formatter that prints every problem as a GitHub Actions workflow command, so that it
// shows as an annotation on the pull request's changed lines without code scanning (SARIF):
//
//   npx eslint --format ./examples/lint-in-ci/github-annotations.js --max-warnings 0 .
//
// docs/lint-in-ci.md has the workflow. Formatters may print anything; GitHub reads lines of the
// form `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
import { relative } from 'node:path';
import process from 'node:process';

/** Escapes a workflow command's message: GitHub decodes %25, %0D and %0A. */
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** Escapes a property value, where `:` and `,` are separators too. */
const escapeProperty = (text) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * @param {readonly import('eslint').ESLint.LintResult[]} results
 * @param {{ cwd?: string }} [context] ESLint's formatter context (file names are made relative to its cwd)
 * @returns {string}
 */
export default function githubAnnotations(results, context) {
  const cwd = context?.cwd ?? process.cwd();
  const lines = [];
  for (const result of results) {
    const file = relative(cwd, result.filePath).split('\\').join('/');
    for (const message of result.messages) {
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${message.line}`,
        `col=${message.column}`,
      ];
      if (message.endLine !== undefined) properties.push(`endLine=${message.endLine}`);
      if (message.endColumn !== undefined) properties.push(`endColumn=${message.endColumn}`);
      properties.push(`title=${escapeProperty(message.ruleId ?? 'ESLint')}`);
      const command = message.severity === 2 ? 'error' : 'warning';
      lines.push(`::${command} ${properties.join(',')}::${escapeData(message.message)}`);
    }
  }
  return lines.join('\n');
}
