// corpus: buggy
// about: Black-Scholes call price with the market inputs typed any, differentiated for delta and vega; Math.log/Math.exp/Math.abs and raw arithmetic on spot and volatility
import { gradient, reverse } from '@pullback/engine';

/** Standard normal CDF (Abramowitz and Stegun 26.2.17). */
function normCdf(z: number) { // expect: prefer-generic-types
  const t = 1 / (1 + 0.2316419 * Math.abs(z)); // expect: no-raw-arithmetic, no-active-coercion
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429)))); // expect: no-raw-arithmetic
  const tail = 0.3989422804 * Math.exp((-z * z) / 2) * poly; // expect: no-raw-arithmetic, no-active-coercion
  return z >= 0 ? 1 - tail : tail; // expect: no-raw-arithmetic
}

function callPrice(market: any, strike: number, years: number, rate: number) {
  const { spot, vol } = market;
  const sqrtT = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + (vol * vol) / 2) * years) / (vol * sqrtT); // expect: no-raw-arithmetic, no-active-coercion
  const d2 = d1 - vol * sqrtT; // expect: no-raw-arithmetic
  return spot * normCdf(d1) - strike * Math.exp(-rate * years) * normCdf(d2); // expect: no-raw-arithmetic
}

/** Delta and vega: the gradient with respect to { spot, vol }. */
export const greeks = gradient(callPrice, reverse(), { spot: 100, vol: 0.2 }, 105, 0.5, 0.03);
