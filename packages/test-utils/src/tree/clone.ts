/**
 * Deep copies and exact comparison of argument trees. Testers hand rules deep copies and then
 * compare the originals with pristine copies, so a rule that writes into an argument (or into
 * a cotangent it was given) is caught even when it restores nothing.
 */

/** True for objects the testers look inside: plain objects and objects without a prototype. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `v` sharing nothing mutable with it: arrays, typed arrays and plain objects are
 * copied recursively; functions, frozen tangent singletons and other objects are shared
 * (they are not data a rule could legitimately write to).
 */
export function deepCopy<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((e: unknown) => deepCopy(e)) as T;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return (v as unknown as { slice(): unknown }).slice() as T;
  }
  if (isPlainObject(v) && !Object.isFrozen(v)) {
    const out: Record<string | symbol, unknown> = Object.create(Object.getPrototypeOf(v));
    for (const key of Reflect.ownKeys(v)) {
      out[key] = deepCopy((v as Record<string | symbol, unknown>)[key]);
    }
    return out as T;
  }
  return v;
}

/**
 * The path of the first place where `a` and `b` differ (`''` for the root), or `undefined`
 * when they are identical: numbers by `Object.is`, containers element by element.
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : path;
  }
  if (a === b) return undefined;
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    if (Array.isArray(a) !== Array.isArray(b) || ArrayBuffer.isView(a) !== ArrayBuffer.isView(b)) {
      return path;
    }
    const xs = a as ArrayLike<unknown>;
    const ys = b as ArrayLike<unknown>;
    if (xs.length !== ys.length) return `${path}.length`;
    for (let i = 0; i < xs.length; i++) {
      const d = firstDifference(xs[i], ys[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Reflect.ownKeys(a);
    const kb = Reflect.ownKeys(b);
    if (ka.length !== kb.length) return path;
    for (const key of ka) {
      const name = typeof key === 'symbol' ? `[${String(key)}]` : `.${key}`;
      if (!Object.prototype.hasOwnProperty.call(b, key)) return `${path}${name}`;
      const d = firstDifference(
        (a as Record<string | symbol, unknown>)[key],
        (b as Record<string | symbol, unknown>)[key],
        `${path}${name}`,
      );
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return path;
}
