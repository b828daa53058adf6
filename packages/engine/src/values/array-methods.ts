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
 * The methods of active arrays by name: the reading ones, and the in-place ones, which call
 * `refuse(array, name)` (it must throw). Built once, where the refusal is defined.
 */
export function activeArrayMethods(
  refuse: (array: ArrayLike<unknown>, name: string) => never,
): ReadonlyMap<string, ArrayMethod> {
  const methods = new Map(reading);
  for (const name of IN_PLACE)
    methods.set(name, function (this: ArrayLike<unknown>) {
      return refuse(this, name);
    });
  return methods;
}
