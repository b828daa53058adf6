import {
  ACTIVE,
  ActiveCoercionError,
  PRIMAL,
  isAbstractZero,
  isActive,
  noTangent,
  unthunk,
  zeroTangent,
  type Active,
  type DifferentiableFunction,
  type Pullback,
  type Real,
  type RuleConfig,
  type Tangent,
  type Tangents,
} from '@pullback/rules-core';
import { recordOf, withInterpreter, type Interpreter } from '@pullback/rules-core/interpreter';
import { at } from '@pullback/rules-core/math';

/**
 * A minimal forward-mode interpreter (dual numbers, one tangent) for the tests: the simplest
 * correct `fruleViaAD`, and a way to check that rules are differentiable again (nested
 * interpreters) and that bodies handle `Real[]` of active values (the `trace` policy, which
 * runs a function's body instead of its frule unless it is a scalar primitive). The engine
 * package has the real ones.
 */
export class Dual implements Active {
  readonly [ACTIVE]: DualInterpreter;
  readonly [PRIMAL]: Real;
  constructor(
    owner: DualInterpreter,
    value: Real,
    readonly tangent: Real,
  ) {
    this[ACTIVE] = owner;
    this[PRIMAL] = value;
  }
  [Symbol.toPrimitive](hint: string): never {
    throw new ActiveCoercionError(hint);
  }
}

/** How an interpreter runs a call: with the frule, or by tracing into the body. */
export type Policy = 'rules' | 'trace';

export class DualInterpreter implements Interpreter {
  readonly mode = 'forward';
  level = -1;
  /** Names of the functions handed to this interpreter, in order. */
  readonly calls: string[] = [];
  constructor(readonly policy: Policy = 'rules') {}

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const record = recordOf(f)!;
    this.calls.push(record.name);
    const body = record.body as (...xs: readonly unknown[]) => unknown;
    if ((this.policy === 'trace' && record.partials === undefined) || !record.frule) {
      return body(...args);
    }
    const primals = args.map((a) => this.primalOf(a));
    const tangents = args.map((a) => this.tangentOf(a));
    const frule = record.frule as unknown as (
      a: readonly unknown[],
      t: readonly unknown[],
      c: RuleConfig,
    ) => [unknown, unknown];
    const [y, dy] = frule(primals, tangents, dualConfig(this.policy));
    return this.wrap(y, dy);
  }

  owns(v: unknown): v is Dual {
    return v instanceof Dual && v[ACTIVE] === this;
  }

  /** `v` one level down: this interpreter's duals replaced by their primals. */
  primalOf(v: unknown): unknown {
    if (this.owns(v)) return v[PRIMAL];
    if (Array.isArray(v)) return v.some((e) => this.holds(e)) ? v.map((e) => this.primalOf(e)) : v;
    if (isPlainObject(v)) return mapFields(v, (e) => this.primalOf(e));
    return v;
  }

  /** The tangent this interpreter carries for `v` (`zeroTangent` when none). */
  tangentOf(v: unknown): unknown {
    if (this.owns(v)) return v.tangent;
    if (typeof v === 'function') return noTangent;
    if (!this.holds(v)) {
      const real = typeof v === 'number' || isActive(v) || Array.isArray(v) || isPlainObject(v);
      return real || v instanceof Float64Array ? zeroTangent : noTangent;
    }
    if (Array.isArray(v)) {
      return v.map((e) =>
        this.owns(e) ? e.tangent : typeof e === 'number' || isActive(e) ? 0 : this.tangentOf(e),
      );
    }
    if (isPlainObject(v)) {
      return mapFields(v, (e, key) =>
        key === 'rows' || key === 'cols' ? e : this.holds(e) ? this.tangentOf(e) : zeroTangent,
      );
    }
    return zeroTangent;
  }

  holds(v: unknown): boolean {
    if (this.owns(v)) return true;
    if (Array.isArray(v)) return v.some((e) => this.holds(e));
    if (isPlainObject(v)) return Object.values(v).some((e) => this.holds(e));
    return false;
  }

  /** A value `y` one level down with tangent `dy`, lifted to this interpreter's level. */
  wrap(y: unknown, dy0: unknown): unknown {
    const dy = unthunk(dy0);
    if (isAbstractZero(dy)) return y;
    if (typeof y === 'number' || (isActive(y) && !('length' in y))) {
      return new Dual(this, y as Real, dy as Real);
    }
    if (Array.isArray(y) || y instanceof Float64Array) {
      return Array.from(y as ArrayLike<unknown>, (e, i) => this.wrap(e, at(dy as never, i)));
    }
    if (isPlainObject(y)) {
      return mapFields(y, (e, key) =>
        key === 'rows' || key === 'cols' ? e : this.wrap(e, (dy as Record<string, unknown>)[key]),
      );
    }
    return y;
  }

  /** `v` with tangent `t` at this level (arrays element by element). */
  seed(v: unknown, t0: unknown): unknown {
    const t = unthunk(t0);
    if (isAbstractZero(t) || typeof v === 'function' || typeof v === 'boolean') return v;
    return this.wrap(v, t);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v) &&
    !isActive(v) &&
    Object.getPrototypeOf(v) === Object.prototype
  );
}

function mapFields(
  v: Record<string, unknown>,
  f: (e: unknown, key: string) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) out[key] = f(v[key], key);
  return out;
}

/** Forward-mode AD of `g` at `args` along `tangents` with a fresh interpreter on top. */
export function fruleViaDuals<A extends readonly unknown[], Y>(
  g: (...args: A) => Y,
  args: A,
  tangents: Tangents<A>,
  policy: Policy = 'rules',
): [Y, Tangent<Y>] {
  const I = new DualInterpreter(policy);
  return withInterpreter(I, () => {
    const xs = args.map((a, k) => I.seed(a, (tangents as readonly unknown[])[k])) as unknown as A;
    const y = g(...xs);
    const t = I.holds(y) ? I.tangentOf(y) : zeroTangent;
    return [I.primalOf(y) as Y, t as Tangent<Y>];
  });
}

/**
 * The rule config of the tests: `fruleViaAD` by dual numbers; `rruleViaAD` (plain numbers and
 * arrays of numbers only) from one forward pass per input component, enough for the tests.
 */
export function dualConfig(policy: Policy = 'rules'): RuleConfig {
  return {
    mode: 'forward',
    fruleViaAD: (g, args, tangents) => fruleViaDuals(g, args, tangents, policy),
    rruleViaAD<A extends readonly unknown[], Y>(
      g: (...args: A) => Y,
      args: A,
    ): [Y, Pullback<A, Y>] {
      const y = g(...args);
      const columns: { arg: number; index: number; column: unknown }[] = [];
      args.forEach((a, k) => {
        const n =
          typeof a === 'number'
            ? -1
            : Array.isArray(a) || a instanceof Float64Array
              ? a.length
              : -2;
        if (n === -2) return;
        for (let i = 0; i < Math.max(n, 1); i++) {
          const tangents = args.map((b, j) => {
            if (j !== k) return zeroTangent;
            if (n === -1) return 1;
            const e = new Float64Array(n);
            e[i] = 1;
            return e;
          });
          columns.push({
            arg: k,
            index: n === -1 ? -1 : i,
            column: fruleViaDuals(g, args, tangents as never, policy)[1],
          });
        }
      });
      const pullback = (dy: unknown): never => {
        const u = unthunk(dy);
        const out: unknown[] = args.map((a) =>
          typeof a === 'number'
            ? 0
            : Array.isArray(a) || a instanceof Float64Array
              ? new Float64Array(a.length)
              : noTangent,
        );
        for (const { arg, index, column } of columns) {
          const c = unthunk(column);
          let s = 0;
          if (!isAbstractZero(c) && !isAbstractZero(u)) {
            if (typeof c === 'number') s = c * (u as number);
            else
              for (let i = 0; i < (c as ArrayLike<number>).length; i++)
                s += (c as ArrayLike<number>)[i] * (u as ArrayLike<number>)[i];
          }
          if (index === -1) out[arg] = s;
          else (out[arg] as Float64Array)[index] = s;
        }
        return out as never;
      };
      return [y, pullback as Pullback<A, Y>];
    },
  };
}
