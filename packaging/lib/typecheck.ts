import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One error TypeScript reported, at a 1-based line and column of a file of the project. */
export interface TypeError {
  /** The file, relative to the project's directory. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `TS2345`. */
  readonly code: string;
  /** The whole message chain, one level per line. */
  readonly message: string;
}

/** A `// @ts-expect-error <reason>` directive and what it suppressed. */
export interface ExpectedError {
  readonly file: string;
  /** The directive's line; the error is expected on the next one. */
  readonly line: number;
  /** The text after `@ts-expect-error` (without a leading `:` or `--`). */
  readonly reason: string;
  /** What TypeScript reports on the next line once the directive is taken away. */
  readonly errors: readonly TypeError[];
}

function toTypeError(diagnostic: ts.Diagnostic, dir: string): TypeError {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const code = `TS${diagnostic.code}`;
  if (!diagnostic.file || diagnostic.start === undefined) {
    return { file: '', line: 0, column: 0, code, message };
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return {
    file: relative(dir, diagnostic.file.fileName).split('\\').join('/'),
    line: line + 1,
    column: character + 1,
    code,
    message,
  };
}

function readProject(dir: string): ts.ParsedCommandLine {
  const configPath = join(dir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return parsed;
}

/** Is this one of the files the checks are about (the project's own, or a pullback package's)? */
function isChecked(fileName: string, dir: string): boolean {
  const path = relative(dir, fileName).split('\\').join('/');
  // Linked dependencies resolve to their real paths, outside the project: not checked.
  if (path.startsWith('../')) return false;
  return !path.startsWith('node_modules/') || path.startsWith('node_modules/@pullback/');
}

const DIRECTIVE = /^(\s*\/\/\s*)@ts-expect-error\b[:\s-]*(.*)$/;

/**
 * A program over `rootNames` that takes every parsed file from `from` (only `rewrite`'s files
 * are read again, their text passed through it): a second program then costs its type-check
 * only, not another parse of every declaration file.
 */
function programLike(
  from: ts.Program,
  rootNames: readonly string[],
  rewrite?: { files: ReadonlySet<string>; text: (text: string) => string },
): ts.Program {
  const options = { ...from.getCompilerOptions(), noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => {
    const text = readFile(fileName);
    return text !== undefined && rewrite?.files.has(fileName) ? rewrite.text(text) : text;
  };
  host.getSourceFile = (fileName, ...rest) =>
    (rewrite?.files.has(fileName) ? undefined : from.getSourceFile(fileName)) ??
    getSourceFile(fileName, ...rest);
  return ts.createProgram({ rootNames, options, host });
}

/** A project: its tsconfig.json read, and the program over it. */
export interface Project {
  readonly dir: string;
  readonly config: ts.ParsedCommandLine;
  readonly program: ts.Program;
}

/** Reads the project in `dir` (its tsconfig.json) and builds its program. */
export function openProject(dir: string): Project {
  const config = readProject(dir);
  return {
    dir,
    config,
    program: ts.createProgram({ rootNames: config.fileNames, options: config.options }),
  };
}

/**
 * Type-checks the project and emits its JavaScript. Errors are collected for the project's
 * own files and for the declarations of the installed pullback packages (which a project with
 * `skipLibCheck: true` would never see), not for other packages' declarations.
 */
export function typecheckAndEmit({ dir, config, program }: Project): TypeError[] {
  const checked = program.getSourceFiles().filter((sf) => isChecked(sf.fileName, dir));
  const diagnostics = [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((sf) => [
      ...program.getSyntacticDiagnostics(sf),
      ...program.getSemanticDiagnostics(sf),
    ]),
  ];
  // One file at a time: emitting the whole program would first type-check every declaration
  // file in it, other packages' included (TypeScript's emit resolver checks what it emits).
  for (const fileName of config.fileNames) program.emit(program.getSourceFile(fileName));
  return diagnostics.map((d) => toTypeError(d, dir));
}

/**
 * Type-checks one file of the project in a program of its own, for what depends on the order
 * in which a program meets modules (a module augmentation seen before the module it augments).
 */
export function typecheckAlone({ dir, program }: Project, file: string): TypeError[] {
  const alone = programLike(program, [join(dir, file)]);
  const sf = alone.getSourceFile(join(dir, file));
  if (!sf) throw new Error(`${file} is not in the project`);
  return [...alone.getSyntacticDiagnostics(sf), ...alone.getSemanticDiagnostics(sf)].map((d) =>
    toTypeError(d, dir),
  );
}

/**
 * Every `@ts-expect-error` of the project, with what it suppressed. Each must say why: the
 * files are checked again with the directives taken away, and each directive gets the errors
 * then reported on its next line, so a case that fails for another reason than the one it
 * states is caught (`matchesReason`).
 */
export function expectedErrors({ dir, config, program }: Project): ExpectedError[] {
  const directives = config.fileNames.flatMap((fileName) =>
    readFileSync(fileName, 'utf8')
      .split('\n')
      .flatMap((text, i) => {
        const match = DIRECTIVE.exec(text);
        return match ? [{ fileName, line: i + 1, reason: match[2].trim() }] : [];
      }),
  );
  if (directives.length === 0) return [];
  const files = new Set(directives.map((d) => d.fileName));
  // The same text with every directive turned into a plain comment of the same length.
  const bare = programLike(program, [...files], {
    files,
    text: (text) => text.replace(/@ts-expect-error/g, '@ts-expected-err'),
  });
  const reported = [...files].flatMap((fileName) => {
    const sf = bare.getSourceFile(fileName);
    return sf ? bare.getSemanticDiagnostics(sf).map((d) => toTypeError(d, dir)) : [];
  });
  return directives.map((d) => {
    const file = relative(dir, d.fileName).split('\\').join('/');
    return {
      file,
      line: d.line,
      reason: d.reason,
      errors: reported.filter((e) => e.file === file && e.line === d.line + 1),
    };
  });
}

/** Does `error` match a directive's reason: its code (`TS2345`) or a part of its message? */
export function matchesReason(error: TypeError, reason: string): boolean {
  return reason !== '' && (error.code === reason || error.message.includes(reason));
}
