import type { RuleConfig } from '@pullback/rules-core';
import { interpretersInFlight } from '@pullback/rules-core/interpreter';
import { isMatrixLike } from '../tree/leaves.js';
import { holdsActive, holdsActiveQuickly, isBranch, someNode } from '../tree/walk.js';
import { structureOf } from '../tree/structure.js';
import { CompiledOperators } from './compiled-operators.js';
import { StagedPreparation, type Compilation, type KernelMode } from './staged-preparation.js';

/** Why a preparation is not compiled, decided before tracing; `undefined` when it can be. */
export type Eligibility = string | undefined;

/**
 * The compiled side of a prepared operator, with the eager engine behind it: `run` takes the
 * compiled path when it can and the eager one otherwise (inside another differentiation, after a
 * guard retraced too often, for a tangent of the wrong shape), so a prepared operator always
 * returns what the eager engine returns (derivatives up to rounding and the sign of a zero,
 * see `Compilation.compiled`). The first result of every newly generated kernel is
 * also computed eagerly and compared: a compiled program that disagrees is dropped, and the
 * preparation stays eager with the reason.
 */
export class CompiledPath {
  private readonly sp: StagedPreparation | undefined;
  private readonly ops: CompiledOperators | undefined;
  private readonly reason: string | undefined;
  private checked = 0;

  constructor(
    f: (x: never, ...rest: never[]) => unknown,
    x: unknown,
    rest: readonly unknown[],
    config: (mode: 'forward' | 'reverse') => RuleConfig,
    eligibility: Eligibility,
  ) {
    if (
      eligibility === undefined &&
      (interpretersInFlight().length > 0 || holdsActive(x) || rest.some(holdsActive))
    ) {
      eligibility = 'it was prepared inside another differentiation, where it runs eagerly';
    }
    this.reason = eligibility;
    if (eligibility !== undefined) return;
    this.sp = new StagedPreparation(f, x, rest, config);
    this.ops = new CompiledOperators(this.sp, structureOf(x));
  }

  /** What compiling did, for `prepared.compilation`. */
  get compilation(): Compilation {
    if (this.sp === undefined)
      return { compiled: false, reason: this.reason, operations: 0, sourceBytes: 0, retraces: 0 };
    return this.sp.compilation;
  }

  /**
   * Generates, at preparation, the kernel a prepared call will run (`mode`, `lanes` directions,
   * with or without the value) for `n` inputs, so `source()` and `compilation.sourceBytes` show
   * the code before the first call; that call still checks its first result against the eager
   * engine.
   */
  generate(n: number, mode: KernelMode, lanes: number, withValue: boolean): void {
    this.sp?.generate(n, mode, lanes, withValue);
  }

  /** The generated code, or `undefined`. */
  source(): string | undefined {
    return this.sp?.source();
  }

  /** A sentence for `explain()`. */
  explain(): string {
    const c = this.compilation;
    if (c.compiled) {
      const retraced =
        c.retraces > 0
          ? `; traced again ${c.retraces === 1 ? 'once' : `${c.retraces} times`} as branches changed`
          : '';
      if (c.engine === 'interpreted')
        return `Compiled: f was traced once into ${c.operations} operations, which run on the interpreter (code cannot be generated here)${retraced}.`;
      return c.sourceBytes === 0
        ? `Compiled: f was traced once into ${c.operations} operations; code is generated at the first call${retraced}.`
        : `Compiled: f was traced once into ${c.operations} operations and runs as ${c.sourceBytes} bytes of generated code${retraced}.`;
    }
    return `Eager: ${c.reason ?? 'nothing was compiled'}.`;
  }

  /** The compiled result when there is one, else the eager one. */
  run<T>(
    x: unknown,
    rest: readonly unknown[],
    compiled: (ops: CompiledOperators) => T | undefined,
    eager: () => T,
  ): T {
    const { sp, ops } = this;
    if (
      sp === undefined ||
      ops === undefined ||
      interpretersInFlight().length > 0 ||
      holdsActiveQuickly(x) ||
      someHoldsActive(rest)
    ) {
      return eager();
    }
    const r = compiled(ops);
    if (r === undefined) return eager();
    if (sp.kernels > this.checked) {
      this.checked = sp.kernels;
      const e = eager();
      if (!agree(r, e)) {
        sp.giveUp(
          'the compiled program disagreed with the eager engine at its first call (does f depend on something that changes between calls, such as Math.random?)',
        );
        return e;
      }
    }
    return r;
  }
}

/** True when an extra argument holds an active value (see `holdsActiveQuickly`). */
function someHoldsActive(rest: readonly unknown[]): boolean {
  for (let k = 0; k < rest.length; k++) if (holdsActiveQuickly(rest[k])) return true;
  return false;
}

/**
 * True when two results agree to rounding: every number within 1e-8 of the largest magnitude
 * in the eager result (fused loops add in another order; a wrong program is off by far more).
 */
export function agree(compiled: unknown, eager: unknown): boolean {
  const a = numbersOf(compiled);
  const b = numbersOf(eager);
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  let scale = 1;
  for (let i = 0; i < b.length; i++)
    if (Number.isFinite(b[i])) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    const w = b[i];
    if (!((Number.isNaN(v) && Number.isNaN(w)) || v === w || Math.abs(v - w) <= 1e-8 * scale))
      return false;
  }
  return true;
}

/**
 * The numbers of `x` in one array (arrays copied whole, not element by element: at the first
 * call of a large preparation this comparison is on the clock), or `undefined` when `x` holds
 * anything else.
 */
function numbersOf(x: unknown): Float64Array | undefined {
  if (x instanceof Float64Array) return x;
  const parts: (number | Float64Array)[] = [];
  let length = 0;
  const other = someNode(x, (node) => {
    if (typeof node === 'number') {
      parts.push(node);
      length++;
    } else if (node instanceof Float64Array) {
      parts.push(node);
      length += node.length;
    } else if (isBranch(node)) {
      // A matrix's shape is compared too (the walk goes on into its data).
      if (isMatrixLike(node)) {
        parts.push(node.rows, node.cols);
        length += 2;
      }
      return undefined;
    } else return true;
    return false;
  });
  if (other) return undefined;
  const out = new Float64Array(length);
  let k = 0;
  for (const part of parts) {
    if (typeof part === 'number') out[k++] = part;
    else {
      out.set(part, k);
      k += part.length;
    }
  }
  return out;
}
