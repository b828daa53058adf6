import { isPlainObject } from '../tree/leaves.js';

/**
 * The extra arguments of a call as they were when a sparsity pattern was detected. `f` may
 * branch on them in plain JavaScript, where no tracer sees, so a pattern is reused only with
 * the same values: numbers, strings and booleans by value (numbers bit for bit), arrays, typed
 * arrays and plain objects element by element (so a constant array changed in place is seen),
 * anything else (functions, class instances) by identity.
 */
export class ArgumentsSnapshot {
  private readonly copy: unknown[];

  constructor(rest: readonly unknown[]) {
    const seen = new Set<object>();
    this.copy = rest.map((a) => snapshot(a, seen));
  }

  /** True when `rest` holds the same values as at the snapshot. */
  matches(rest: readonly unknown[]): boolean {
    return rest.length === this.copy.length && this.copy.every((c, i) => same(c, rest[i]));
  }
}

/** A frozen copy of a typed array (kept apart from an array of numbers by its constructor). */
class ViewCopy {
  constructor(
    readonly type: unknown,
    readonly values: readonly (number | bigint)[],
  ) {}
}

/** A reference compared by identity: not plain data, or seen twice (a cycle or a shared part). */
class Identity {
  constructor(readonly ref: unknown) {}
}

function snapshot(x: unknown, seen: Set<object>): unknown {
  // Not a tree walk: extra arguments are any values (instances, cycles, shared parts).
  if (typeof x !== 'object' || x === null) return typeof x === 'function' ? new Identity(x) : x;
  if (seen.has(x)) return new Identity(x);
  seen.add(x);
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return new ViewCopy(x.constructor, Array.from(x as unknown as ArrayLike<number>));
  }
  if (Array.isArray(x)) return x.map((e) => snapshot(e, seen));
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(x)) out[k] = snapshot(x[k], seen);
    return out;
  }
  return new Identity(x);
}

function same(copy: unknown, x: unknown): boolean {
  if (copy instanceof Identity) return copy.ref === x;
  if (copy instanceof ViewCopy) {
    if (!ArrayBuffer.isView(x) || x.constructor !== copy.type) return false;
    const v = x as unknown as ArrayLike<number>;
    return v.length === copy.values.length && copy.values.every((e, i) => Object.is(e, v[i]));
  }
  if (Array.isArray(copy)) {
    return (
      Array.isArray(x) && x.length === copy.length && copy.every((c, i) => same(c, x[i] as unknown))
    );
  }
  if (typeof copy === 'object' && copy !== null) {
    if (!isPlainObject(x)) return false;
    const keys = Object.keys(copy);
    const xs = Object.keys(x);
    return (
      keys.length === xs.length &&
      keys.every(
        (k) =>
          Object.prototype.hasOwnProperty.call(x, k) &&
          same((copy as Record<string, unknown>)[k], x[k]),
      )
    );
  }
  return Object.is(copy, x);
}
