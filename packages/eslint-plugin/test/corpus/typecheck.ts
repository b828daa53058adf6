/**
 * Type-checks a corpus part, or variants of it with some files' texts replaced, as `tsc --strict`
 * does with the part's tsconfig. Variants reuse the unchanged files of the first program.
 */
import path from 'node:path';
import ts from 'typescript';
import type { Part } from './harness.js';

/** A diagnostic, as a test prints it. */
export interface TypeError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Checks a part and variants of it. */
export class PartTypeChecker {
  readonly #options: ts.CompilerOptions;
  readonly #rootNames: readonly string[];
  readonly #host: ts.CompilerHost;
  readonly #part: Part;
  #base: ts.Program | undefined;

  constructor(part: Part) {
    this.#part = part;
    const config = ts.readConfigFile(part.tsconfig, (file) => ts.sys.readFile(file));
    if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, part.dir);
    if (!parsed.options.strict) throw new Error(`${part.tsconfig} must set strict`);
    this.#options = parsed.options;
    this.#rootNames = parsed.fileNames;
    this.#host = ts.createCompilerHost(this.#options, true);
  }

  /** The errors of the part as it is. */
  check(): TypeError[] {
    const program = ts.createProgram({ rootNames: this.#rootNames, options: this.#options, host: this.#host });
    this.#base = program;
    return this.#errors(program, this.#part.snippets.flatMap((s) => s.files), this.#part.dir);
  }

  /**
   * The errors of many variants of the part, checked in one program: each variant is a set of
   * replaced files (part-relative path → text) laid out with the rest of their snippets in a
   * directory of its own inside the part, so variants cannot see each other.
   */
  checkVariants(variants: readonly ReadonlyMap<string, string>[]): TypeError[][] {
    const virtual = new Map<string, string>();
    const wanted: { variant: number; fileName: string; dir: string }[] = [];
    variants.forEach((replaced, k) => {
      const dir = path.join(this.#part.dir, `__variant${k}__`);
      const files = new Set(
        this.#part.snippets
          .filter((s) => s.files.some((f) => replaced.has(f)))
          .flatMap((s) => s.files),
      );
      for (const file of files) {
        const fileName = path.join(dir, file);
        virtual.set(fileName, replaced.get(file) ?? ts.sys.readFile(path.join(this.#part.dir, file)) ?? '');
        wanted.push({ variant: k, fileName, dir });
      }
    });
    const base = this.#host;
    const host: ts.CompilerHost = {
      ...base,
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        const text = virtual.get(path.resolve(fileName));
        if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
        return base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
      },
      fileExists: (fileName) => virtual.has(path.resolve(fileName)) || base.fileExists(fileName),
      readFile: (fileName) => virtual.get(path.resolve(fileName)) ?? base.readFile(fileName),
      directoryExists: (dir) =>
        directories.has(path.resolve(dir)) || (base.directoryExists?.(dir) ?? ts.sys.directoryExists(dir)),
    };
    const directories = new Set<string>();
    for (const fileName of virtual.keys())
      for (let dir = path.dirname(fileName); dir.startsWith(this.#part.dir); dir = path.dirname(dir))
        directories.add(dir);
    const program = ts.createProgram({
      rootNames: [...virtual.keys()],
      options: this.#options,
      host,
      oldProgram: this.#base,
    });
    const out: TypeError[][] = variants.map(() => []);
    for (const { variant, fileName, dir } of wanted)
      out[variant].push(...this.#errors(program, [path.relative(dir, fileName)], dir));
    return out;
  }

  #errors(program: ts.Program, files: readonly string[], dir: string): TypeError[] {
    const errors: TypeError[] = [];
    for (const file of files) {
      const fileName = path.join(dir, file);
      const source = program.getSourceFile(fileName);
      if (!source) throw new Error(`${fileName} is not in the program`);
      for (const diagnostic of [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ]) {
        const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        errors.push({
          file,
          line: line + 1,
          message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
        });
      }
    }
    return errors;
  }
}
