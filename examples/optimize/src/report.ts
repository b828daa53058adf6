import type { Fits } from './fit.js';
import type { OptimisationResult } from './types.js';

/** The log of one fit: loss and gradient norm per iteration, then the final accuracy. */
function lines(name: string, r: OptimisationResult & { accuracy: number }, n: number): string[] {
  return [
    `${name}:`,
    ...r.iterations.map(
      (it) =>
        `  iteration ${String(it.iteration).padStart(3)}  loss ${it.loss.toFixed(12)}  ‖∇‖ ${it.gradientNorm.toExponential(2).padStart(9)}  evaluations ${it.evaluations}`,
    ),
    `  ${r.converged ? 'converged' : 'stopped'}: loss ${r.loss.toFixed(12)}, ‖∇‖ ${r.gradientNorm.toExponential(2)}, accuracy ${Math.round(r.accuracy * n)}/${n} = ${(100 * r.accuracy).toFixed(1)}%`,
  ];
}

/** What `npm start` prints: both optimisers' logs and how far apart their optima are. */
export function report(fits: Fits): string[] {
  const n = fits.data.n;
  return [
    `Multinomial logistic regression with an L2 penalty on the iris data (${n} flowers, 4 features, 3 classes)`,
    ...lines('L-BFGS, prepared valueAndGradient (reverse mode)', fits.lbfgs, n),
    ...lines('Newton-CG, prepared hvp (forward over reverse)', fits.newtonCG, n),
    `|loss(L-BFGS) − loss(Newton-CG)| = ${Math.abs(fits.lbfgs.loss - fits.newtonCG.loss).toExponential(2)}`,
  ];
}
