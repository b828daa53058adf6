import { describe, expect, it } from 'vitest';
import { PullbackError, type RealArray } from '@pullback/rules-core';
import { sum } from '@pullback/rules-core/math';
import {
  auto,
  BackendOptionError,
  finiteDifferences,
  forward,
  gradient,
  reverse,
  secondOrder,
  sparse,
} from '@pullback/engine';

/**
 * Issue 11, item 22: options are checked when the backend is made, not when a fallback happens
 * to need them. Every option error is a `BackendOptionError` (a `PullbackError`, like every
 * error pullback throws on purpose) naming the backend, the option and the allowed values.
 * `reverse({ fallback: 'errors' })` used to mean 'auto', `onFallback: 42` failed only at a
 * fallback, and `finiteDifferences({ relativeStep: 0 })` gave NaN.
 */

const bad: [string, () => unknown, string, RegExp][] = [
  [
    'an unknown fallback',
    () => reverse({ fallback: 'errors' as never }),
    'fallback',
    /^reverse\(\{ fallback \}\): fallback must be 'auto' \(fall back and report\) or 'error' \(throw FallbackError\), got "errors"\.$/,
  ],
  [
    'a fallback of the wrong kind',
    () => forward({ fallback: true as never }),
    'fallback',
    /got true/,
  ],
  [
    'onFallback not a function',
    () => forward({ onFallback: 42 as never }),
    'onFallback',
    /^forward\(\{ onFallback \}\): onFallback must be a function receiving each FallbackEvent, got 42\.$/,
  ],
  [
    'a zero relativeStep',
    () => finiteDifferences({ relativeStep: 0 }),
    'relativeStep',
    /relativeStep must be a number between 0 and 1 \(exclusive\), such as 1e-6, got 0\./,
  ],
  [
    'a negative relativeStep',
    () => finiteDifferences({ relativeStep: -1e-6 }),
    'relativeStep',
    /got -0\.000001/,
  ],
  ['a NaN relativeStep', () => finiteDifferences({ relativeStep: NaN }), 'relativeStep', /got NaN/],
  [
    'an infinite relativeStep',
    () => finiteDifferences({ relativeStep: Infinity }),
    'relativeStep',
    /got Infinity/,
  ],
  ['a relativeStep of 1', () => finiteDifferences({ relativeStep: 1 }), 'relativeStep', /got 1\./],
  [
    'a relativeStep given as a string',
    () => finiteDifferences({ relativeStep: '1e-6' as never }),
    'relativeStep',
    /got "1e-6"/,
  ],
  [
    'a zero chunkSize',
    () => forward({ chunkSize: 0 }),
    'chunkSize',
    /^forward\(\{ chunkSize \}\): chunkSize must be a positive integer/,
  ],
  ['a fractional chunkSize', () => forward({ chunkSize: 2.5 }), 'chunkSize', /got 2\.5/],
  [
    'a chunkSize given as a string',
    () => forward({ chunkSize: '4' as never }),
    'chunkSize',
    /got "4"/,
  ],
  [
    'a misspelled option',
    () => reverse({ fallbak: 'error' } as never),
    'fallbak',
    /^reverse\(\{ fallbak \}\): reverse\(\) has no option 'fallbak'; its options are 'fallback', 'onFallback' or 'compile'\.$/,
  ],
  [
    'an option of another backend',
    () => auto({ chunkSize: 4 } as never),
    'chunkSize',
    /auto\(\) has no option 'chunkSize'/,
  ],
  [
    'compile given as a string',
    () => reverse({ compile: 'no' } as never),
    'compile',
    /^reverse\(\{ compile \}\): compile must be true .* or false .*, got "no"\.$/,
  ],
  [
    'chunksize in lower case',
    () => forward({ chunksize: 4 } as never),
    'chunksize',
    /its options are 'chunkSize', 'fallback', 'onFallback' or 'compile'/,
  ],
  [
    'options that are not an object',
    () => reverse('fast' as never),
    'options',
    /^reverse\(options\): options must be an object such as \{ fallback: 'error' \}, got "fast"\.$/,
  ],
  ['null options', () => finiteDifferences(null as never), 'options', /got null/],
  [
    'a second-order pair with a string',
    () => secondOrder(reverse(), 'forward' as never),
    'inner',
    /^secondOrder\(outer, inner\): inner must be forward\(\), reverse\(\), finiteDifferences\(\) or auto\(\), got "forward"\.$/,
  ],
  [
    'a second-order pair nested',
    () => secondOrder(secondOrder(forward(), reverse()) as never, reverse()),
    'outer',
    /outer must be .*, got secondOrder\(forward\(\), reverse\(\)\)\./,
  ],
  [
    'a sparse member of a second-order pair',
    () => secondOrder(forward(), sparse(reverse()) as never),
    'inner',
    /got sparse\(reverse\(\)\)/,
  ],
  [
    'a second-order pair with a misspelled option',
    () => secondOrder(forward(), reverse(), { onfallback: () => undefined } as never),
    'onfallback',
    /secondOrder\(\) has no option 'onfallback'/,
  ],
  [
    'sparse of a string',
    () => sparse('forward' as never),
    'dense',
    /^sparse\(dense\): dense must be forward\(\), reverse\(\), finiteDifferences\(\), auto\(\) or secondOrder\(\), got "forward"\./,
  ],
  ['sparse of sparse', () => sparse(sparse(forward())), 'dense', /got sparse\(forward\(\)\)/],
  [
    'a sparse detector that is a number',
    () => sparse(forward(), { detector: 42 as never }),
    'detector',
    /detector must be 'global', 'local', a sparsity pattern or a function returning one, got 42/,
  ],
  [
    'a sparse coloring that is an array',
    () => sparse(forward(), { coloring: [1] as never }),
    'coloring',
    /coloring must be an options object \{ partition, algorithm, order \} or a function returning one color per column, got an array/,
  ],
  [
    'a misspelled sparse option',
    () => sparse(forward(), { detecter: 'tracer' } as never),
    'detecter',
    /its options are 'detector', 'coloring', 'fallback', 'onFallback' or 'compile'/,
  ],
];

describe('a backend made with a bad option', () => {
  it.each(bad)('%s is a BackendOptionError naming it', (_what, make, option, message) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BackendOptionError);
    expect(error).toBeInstanceOf(PullbackError);
    expect((error as BackendOptionError).option).toBe(option);
    expect((error as Error).message).toMatch(message);
  });
});

it('good options, and options left undefined, still make backends that work', () => {
  const f = (x: RealArray) => sum(x);
  const backends = [
    forward({ chunkSize: 3, fallback: 'error', onFallback: () => undefined }),
    forward({ chunkSize: undefined }),
    reverse({}),
    reverse({ fallback: undefined, onFallback: undefined }),
    finiteDifferences({ relativeStep: 1e-4 }),
    auto({ fallback: 'auto' }),
    secondOrder(forward(), reverse(), { fallback: 'error' }),
    secondOrder(auto(), finiteDifferences()),
    sparse(forward(), { detector: 'local', coloring: { order: 'largest-first' } }),
    sparse(secondOrder(forward(), reverse())),
  ];
  for (const b of backends)
    expect(Array.from(gradient(f, b, new Float64Array(2)) as Float64Array)).toEqual([1, 1]);
});
