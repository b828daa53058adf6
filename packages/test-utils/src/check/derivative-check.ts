import { primal } from '@pullback/rules-core';
import {
  gradient as adGradient,
  jacobian as adJacobian,
  type Backend,
  type FallbackEvent,
  type Input,
} from '@pullback/engine';
import { fdm } from '../fdm/fdm.js';
import { FiniteDifferenceError } from '../fdm/finite-difference-error.js';
import { flatProblem, partialFd } from '../fdm/flat-problem.js';
import { close, fdSlack } from '../numeric/compare.js';
import { backendLabel } from '../report/backend-label.js';
import { deepCopy, firstDifference } from '../tree/clone.js';
import { componentNames } from '../tree/component-names.js';
import { flatten } from '../tree/flatten.js';
import type { CheckOptions } from './check-options.js';
import { DerivativeCheckError, type DerivativeMismatch } from './derivative-check-error.js';
import { observingFallbacks } from './observe-fallbacks.js';

/**
 * Compares the backend's gradient (scalar output) or Jacobian (any other output) of
 * `f(x, ...rest)` with finite differences, component by component; throws
 * `DerivativeCheckError` on a mismatch, when `x` was mutated, or when the engine fell back to
 * finite differences (unless `options.allowFallback`). Returns the backend's result.
 */
export function checkDerivatives(
  what: 'gradient' | 'jacobian' | 'auto',
  f: (x: never, ...rest: never[]) => unknown,
  backend: Backend,
  x: unknown,
  options: CheckOptions,
): unknown {
  const rtol = options.rtol ?? 1e-7;
  const atol = options.atol ?? 1e-8;
  const method = options.fdm ?? fdm();
  const rest = options.rest ?? [];
  const call = f as unknown as (x: unknown, ...rest: unknown[]) => unknown;
  const pristine = deepCopy(x);
  const problem = flatProblem((v) => call(v, ...deepCopy(rest)), pristine, f.name || 'f');
  const scalar = problem.outLayout.kind === 'number';
  const mode = what === 'auto' ? (scalar ? 'gradient' : 'jacobian') : what;
  if (mode === 'gradient' && !scalar) {
    throw new FiniteDifferenceError(
      `checkGradient: f must return a number, got ${problem.outLayout.kind === 'constant' ? 'a non-numeric value' : 'a structured value'}; use checkJacobian for functions with several outputs.`,
    );
  }
  const given = deepCopy(pristine);
  const fallbacks: FallbackEvent[] = [];
  const observed = observingFallbacks(backend, (e) => fallbacks.push(e));
  const result =
    mode === 'gradient'
      ? adGradient(f as never, observed, given as Input, ...rest)
      : adJacobian(f as never, observed, given as Input, ...rest);
  const label = backendLabel(backend);
  const name = `${mode}(${f.name || 'f'})`;
  const moved = firstDifference(given, pristine, 'x');
  if (moved !== undefined) {
    throw new DerivativeCheckError(
      name,
      label,
      pristine,
      [],
      { rtol, atol },
      `the input was mutated at ${moved}`,
    );
  }
  if (fallbacks.length > 0 && options.allowFallback !== true) {
    throw new DerivativeCheckError(
      name,
      label,
      pristine,
      [],
      { rtol, atol },
      `the engine fell back to finite differences for ${fallbacks.map((e) => e.functionName).join(', ')}`,
      fallbacks,
    );
  }
  const n = problem.inLayout.size;
  const m = mode === 'gradient' ? 1 : problem.outLayout.size;
  const actual =
    mode === 'gradient'
      ? flatten(problem.inLayout, result)
      : Float64Array.from(
          (result as { data: ArrayLike<unknown> }).data,
          (v) => primal(v) as number,
        );
  const inNames = componentNames(problem.inLayout, '');
  const outNames = componentNames(problem.outLayout, '');
  const mismatches: DerivativeMismatch[] = [];
  for (let j = 0; j < n; j++) {
    const est = partialFd(problem, j, method);
    for (let i = 0; i < m; i++) {
      const a = actual[i * n + j];
      const e = est.value[i];
      if (!close(a, e, rtol, atol, fdSlack(est.accuracy))) {
        mismatches.push({
          component:
            mode === 'gradient'
              ? `gradient${inNames[j]}`
              : `∂y${outNames[i]}/∂x${inNames[j]}  J[${i}, ${j}]`,
          expected: e,
          actual: a,
          fdError: est.accuracy,
        });
      }
    }
  }
  if (mismatches.length > 0) {
    throw new DerivativeCheckError(name, label, pristine, mismatches, { rtol, atol });
  }
  return result;
}
