/**
 * The one gate through which the engine makes functions from source text (text it generated
 * from its own tables and traces, never a user's string). Where that is forbidden — a strict
 * Content Security Policy, Node's `--disallow-code-generation-from-strings` — `new Function`
 * throws an `EvalError`; every caller then takes a path written as plain code instead.
 */

/** Thrown by `generateFunction` when functions cannot be made from source text here. */
export class CodeGenerationUnavailable extends Error {
  constructor(cause?: unknown) {
    super('functions cannot be made from source text here', { cause });
    this.name = 'CodeGenerationUnavailable';
  }
}

let simulatedOff = false;
let probed: boolean | undefined;

/**
 * For tests: behave as if code generation from strings were forbidden (`true`), or as the
 * platform allows (`false`). Functions generated before the switch keep running.
 */
export function simulateNoCodeGeneration(off: boolean): void {
  simulatedOff = off;
}

/** True when `new Function` works here (probed once) and no test switched it off. */
export function codeGenerationAvailable(): boolean {
  if (simulatedOff) return false;
  if (probed === undefined) {
    try {
      probed = typeof new Function('return 0') === 'function';
    } catch {
      probed = false;
    }
  }
  return probed;
}

/**
 * The function with these parameters and this body, or `CodeGenerationUnavailable` when
 * functions cannot be made from text here (an `EvalError` from the platform, or the switch).
 */
export function generateFunction<F>(params: readonly string[], body: string): F {
  if (!codeGenerationAvailable()) throw new CodeGenerationUnavailable();
  try {
    return new Function(...params, body) as F;
  } catch (error) {
    if (error instanceof EvalError) {
      probed = false;
      throw new CodeGenerationUnavailable(error);
    }
    throw error;
  }
}
