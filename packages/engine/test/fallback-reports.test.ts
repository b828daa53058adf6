import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ActiveCoercionError,
  differentiable,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, at } from '@pullback/rules-core/math';
import {
  derivative,
  FallbackError,
  forward,
  gradient,
  reverse,
  type FallbackEvent,
} from '@pullback/engine';
import { userLocation } from '../src/fallback/source-location.js';

/** The line of this file holding `marker`, 1-based, as a stack frame gives it. */
const lineOf = (marker: string): number =>
  readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(marker)) + 1;

const warnings = () => vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
afterEach(() => vi.restoreAllMocks());

describe('fallback reports are per function, not per name', () => {
  it('three different failing lambdas give three warnings', () => {
    const warn = warnings();
    const lambdas = [
      (x: Real) => 2 * Number(x),
      (x: Real) => 3 * Number(x),
      (x: Real) => 4 * Number(x),
    ];
    for (const f of lambdas) derivative(f as never, forward(), 1);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('three anonymous failing functions in one call give three events', () => {
    const events: FallbackEvent[] = [];
    const boxes = [1, 2, 3].map((k) => differentiable((v: Real) => k * Number(v)));
    const f = (x: RealArray) =>
      add(add(boxes[0](at(x, 0)), boxes[1](at(x, 0))), boxes[2](at(x, 0)));
    gradient(f as never, reverse({ onFallback: (e: FallbackEvent) => events.push(e) }), [1]);
    expect(events).toHaveLength(3);
  });

  it('a closure re-created in a loop is still warned about once, not once per iteration', () => {
    const warn = warnings();
    for (let k = 1; k <= 5; k++) derivative(((x: Real) => k * Number(x)) as never, reverse(), 1);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('the user’s source location', () => {
  it('is the line that failed, in the event and in the warning', () => {
    const warn = warnings();
    const events: FallbackEvent[] = [];
    const f = function locatedBox(x: Real): number {
      return Number(x) * 2; // the coercion of locatedBox
    };
    derivative(f as never, reverse({ onFallback: (e: FallbackEvent) => events.push(e) }), 1);
    const expected = `${fileURLToPath(import.meta.url)}:${lineOf('the coercion of locatedBox')}:`;
    expect(events[0].location?.startsWith(expected)).toBe(true);
    derivative(f as never, forward(), 1);
    expect(String(warn.mock.calls[0][0])).toContain(`locatedBox (at ${expected}`);
    // The warning stays one line.
    expect(String(warn.mock.calls[0][0])).not.toContain('\n');
  });

  it('skips frames of pullback’s packages, sources or builds, and Node’s internals', () => {
    const error = new Error('x');
    error.stack = [
      'Error: x',
      '    at refuseCoercion (/repo/packages/engine/src/values/active-value.ts:13:17)',
      '    at Dual.valueOf (file:///app/node_modules/@pullback/engine/dist/values/active-value.js:30:16)',
      '    at Math.log (<anonymous>)',
      '    at apply (/repo/packages/rules-core/dist/differentiable.js:88:3)',
      '    at eval (eval at compile (/repo/packages/engine/src/x.ts:1:2), <anonymous>:3:4)',
      '    at node:internal/modules/run_main:123:12',
      '    at loss (file:///home/me/my%20model/src/loss.js:12:9)',
      '    at main (/home/me/my model/src/main.js:3:1)',
    ].join('\n');
    expect(userLocation(error)).toBe('/home/me/my model/src/loss.js:12:9');
    error.stack = 'Error: x\n    at refuseCoercion (/repo/packages/engine/dist/a.js:1:1)';
    expect(userLocation(error)).toBeUndefined();
  });
});

describe('FallbackError', () => {
  it('carries the event and the original coercion error as its cause', () => {
    let thrown: unknown;
    const f = function refused(x: Real): number {
      return Number(x);
    };
    try {
      derivative(f as never, reverse({ fallback: 'error' }), 1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FallbackError);
    const error = thrown as FallbackError;
    expect(error.event.functionName).toBe('refused');
    expect(error.event.location).toMatch(/fallback-reports\.test\.ts:\d+:\d+$/);
    expect(error.cause).toBeInstanceOf(ActiveCoercionError);
    expect(error.cause).not.toBeInstanceOf(FallbackError);
    expect(Object.keys(error)).not.toContain('cause');
    expect(error.message).toContain('refused (at ');
  });

  it('from an inner boundary is not swallowed by the top-level one', () => {
    const inner = differentiable(function innerRefused(v: Real): number {
      return Number(v);
    });
    let thrown: unknown;
    try {
      gradient((x: RealArray) => inner(at(x, 0)) as never, reverse({ fallback: 'error' }), [1]);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as FallbackError).event.functionName).toBe('innerRefused');
    expect((thrown as FallbackError).cause).not.toBeInstanceOf(FallbackError);
  });
});
