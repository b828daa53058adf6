/**
 * The methods of `Array` and `Float64Array` on the engine's active arrays, so that numeric code
 * written for either (`x.forEach`, `x.map`, `x.reduce`, `x.slice`, `for…of`) runs on them as on a
 * `Real[]`: reading methods see the elements through `at` (keeping their derivatives) and
 * return plain arrays of reals; methods that change the array in place refuse like a write
 * `x[i] = v` does, so the engine falls back and reports instead of a bare `TypeError`.
 */

type ArrayMethod = (this: ArrayLike<unknown>, ...args: unknown[]) => unknown;

const READING = [
  'at',
  'concat',
  'entries',
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flat',
  'flatMap',
  'forEach',
  'includes',
  'indexOf',
  'join',
  'keys',
  'lastIndexOf',
  'map',
  'reduce',
  'reduceRight',
  'slice',
  'some',
  'toReversed',
  'toSorted',
  'toSpliced',
  'values',
  'with',
] as const;

const IN_PLACE = [
  'copyWithin',
  'fill',
  'pop',
  'push',
  'reverse',
  'set',
  'shift',
  'sort',
  'splice',
  'unshift',
] as const;

const arrayPrototype = Array.prototype as unknown as Record<string, ArrayMethod>;

/** Reading methods, each applied to the elements read one by one (`Array.from` iterates with `at`). */
const reading = new Map<string, ArrayMethod>(
  READING.map((name) => [
    name,
    function (this: ArrayLike<unknown>, ...args: unknown[]) {
      return arrayPrototype[name].apply(Array.from(this), args);
    },
  ]),
);
// A typed array's subarray shares memory with it; on a copy-on-write active array a copy of
// the range is all code can observe.
reading.set('subarray', reading.get('slice') as ArrayMethod);

/**
 * The method `name` of an active array, or `undefined` when arrays have no such method.
 * `refuse(array, name)` is called (and must throw) for a method that changes the array in place.
 */
export function activeArrayMethod(
  name: string,
  refuse: (array: ArrayLike<unknown>, name: string) => never,
): ArrayMethod | undefined {
  const method = reading.get(name);
  if (method) return method;
  return (IN_PLACE as readonly string[]).includes(name)
    ? function (this: ArrayLike<unknown>) {
        return refuse(this, name);
      }
    : undefined;
}
