import { forward, prepareGradient, prepareHvp, reverse, secondOrder } from '@pullback/engine';
import { loadIris, type IrisData } from './iris.js';
import { lbfgs } from './lbfgs.js';
import { accuracy, loss } from './model.js';
import { newtonCG } from './newton-cg.js';
import type { OptimisationResult, OptimiserOptions } from './types.js';

/** Both fits of the model, and the data they were fitted to. */
export interface Fits {
  readonly data: IrisData;
  /** L-BFGS driven by a prepared `valueAndGradient` (reverse mode). */
  readonly lbfgs: OptimisationResult & { readonly accuracy: number };
  /** Newton-CG driven by the same gradient and a prepared `hvp` (forward over reverse). */
  readonly newtonCG: OptimisationResult & { readonly accuracy: number };
}

/**
 * Fits the penalised multinomial logistic regression to the iris data twice, from W = 0: by
 * L-BFGS and by Newton-CG. Each operator is prepared once, at the starting point, and reused at
 * every iterate; the data rides along as a constant argument.
 */
export function fitIris(options: OptimiserOptions = {}): Fits {
  const data = loadIris();
  const theta0: Float64Array = new Float64Array(data.classes * data.features.rows);
  const grad = prepareGradient(loss, reverse(), theta0, data);
  const hess = prepareHvp(loss, secondOrder(forward(), reverse()), theta0, data);
  const valueAndGradient = (theta: Float64Array): readonly [number, Float64Array] => {
    const [value, g] = grad.valueAndGradient(theta, data);
    return [value as number, g as Float64Array];
  };
  const hvp = (theta: Float64Array, v: Float64Array): Float64Array =>
    hess.hvp(theta, v, data) as Float64Array;
  const withAccuracy = (r: OptimisationResult) => ({ ...r, accuracy: accuracy(r.x, data) });
  return {
    data,
    lbfgs: withAccuracy(lbfgs(valueAndGradient, theta0, options)),
    newtonCG: withAccuracy(newtonCG(valueAndGradient, hvp, theta0, options)),
  };
}
