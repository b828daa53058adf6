import { ACTIVE, ActiveCoercionError, PRIMAL } from '@pullback/rules-core';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import { at } from '@pullback/rules-core/math';
import { activeArrayMethods } from './array-methods.js';

/**
 * Base classes of the engine's active values. Coercion to a primitive throws, so a derivative
 * can never vanish silently, and is told to the owning interpreter first (`coerced`), so it is
 * still seen when user code catches the error. Active arrays also answer `x[i]` (through `at`, keeping the
 * derivative) by ending their prototype chain in a proxy that only sees missing properties,
 * so the engine's own field accesses stay ordinary property loads.
 */

/**
 * Node's key for a custom `util.inspect` form. `Symbol.for` reaches it without importing
 * `node:util`, so this module stays loadable in a browser.
 */
const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** Elements shown of an array before `…` (an active value prints on one short line). */
const SHOWN = 6;

/**
 * A value inside an active value's printed form: a number as JavaScript prints it, an array
 * as `[1, 2, … 8 more]`, a lower level's active value in its own short form.
 */
function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'object' && v !== null) {
    const own = (v as { [INSPECT]?: () => string })[INSPECT];
    if (typeof own === 'function') return own.call(v);
    if (Array.isArray(v) || v instanceof Float64Array) {
      const xs = v as ArrayLike<unknown>;
      const shown = Array.from({ length: Math.min(xs.length, SHOWN) }, (_, i) => show(xs[i]));
      if (xs.length > SHOWN) shown.push(`… ${xs.length - SHOWN} more`);
      return `[${shown.join(', ')}]`;
    }
  }
  return String(v);
}

/** `Name(part, part)`, the printed form of an active value. */
function printed(parts: readonly [name: string, ...values: unknown[]]): string {
  const [name, ...values] = parts;
  return `${name}(${values.map(show).join(', ')})`;
}

function refuseCoercion(owner: Interpreter, hint: string, detail?: string): never {
  const error = new ActiveCoercionError(hint, detail);
  owner.coerced?.(error);
  throw error;
}

/** Common base of active scalars. */
export abstract class ActiveScalar {
  /** The owning interpreter. */
  abstract readonly owner: Interpreter;
  /** The value one level down. */
  abstract readonly value: unknown;
  get [ACTIVE](): Interpreter {
    return this.owner;
  }
  get [PRIMAL](): unknown {
    return this.value;
  }
  [Symbol.toPrimitive](hint: string): never {
    return refuseCoercion(this.owner, hint);
  }
  valueOf(): never {
    return refuseCoercion(this.owner, 'number');
  }
  /**
   * The name and values an active value prints as (`['Dual', 3, [1, 0]]` for `Dual(3, [1, 0])`).
   * Read fields directly: a getter such as a tracer's `value` notes a read of the value.
   */
  protected abstract inspected(): readonly [name: string, ...values: unknown[]];
  /** `console.log` prints `Dual(3, [1, 0])` instead of the interpreter behind the value. */
  [INSPECT](): string {
    return printed(this.inspected());
  }
}

function refuseInPlace(array: ArrayLike<unknown>, name: string): never {
  return refuseCoercion(
    (array as unknown as ActiveArrayValue).owner,
    'number',
    `by changing an active array in place with x.${name}(); copy it first ([...x], x.toSorted(), x.toReversed()), or build the result with setAt`,
  );
}

const arrayMethods = activeArrayMethods(refuseInPlace);

const isIndexKey = (key: string | symbol): key is string =>
  typeof key === 'string' && key.length > 0 && key.length < 16 && /^(0|[1-9]\d*)$/.test(key);

const fallthrough = Object.create(Object.prototype) as object;
const indexing = new Proxy(fallthrough, {
  get(target, key, receiver) {
    if (isIndexKey(key)) return at(receiver as never, Number(key));
    const method = typeof key === 'string' ? arrayMethods.get(key) : undefined;
    return method ?? Reflect.get(target, key, receiver);
  },
  set(target, key, value, receiver) {
    if (isIndexKey(key)) {
      refuseCoercion(
        (receiver as ActiveArrayValue).owner,
        'number',
        'by writing into an active array with `x[i] = v`; use `setAt(x, i, v)`, or build the result in `similar(x)`',
      );
    }
    return Reflect.defineProperty(receiver as object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  },
  has(target, key) {
    return Reflect.has(target, key);
  },
});

/** Common base of active arrays: `length`, indexing through `at`, iteration, array methods. */
export abstract class ActiveArrayValue {
  /** The owning interpreter. */
  abstract readonly owner: Interpreter;
  /** The array one level down. */
  abstract readonly value: unknown;
  /** Number of elements. */
  abstract readonly length: number;
  get [ACTIVE](): Interpreter {
    return this.owner;
  }
  get [PRIMAL](): unknown {
    return this.value;
  }
  [Symbol.toPrimitive](hint: string): never {
    return refuseCoercion(this.owner, hint);
  }
  valueOf(): never {
    return refuseCoercion(this.owner, 'number');
  }
  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < this.length; i++) yield at(this as never, i);
  }
  /** As `ActiveScalar`'s: the name and values it prints as. */
  protected abstract inspected(): readonly [name: string, ...values: unknown[]];
  /** `console.log` prints `TrackedArray([1, 2])` instead of the interpreter behind the value. */
  [INSPECT](): string {
    return printed(this.inspected());
  }
}
Object.setPrototypeOf(ActiveArrayValue.prototype, indexing);
