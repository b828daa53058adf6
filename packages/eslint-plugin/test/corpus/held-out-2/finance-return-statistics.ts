// corpus: clean
// about: log returns, annualised volatility and maximum drawdown of a price series: plain numeric code in the module that also fits a growth curve with pullback
import type { RealArray } from '@pullback/rules-core';
import { at, exp, mul, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

export function logReturns(prices: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(Math.log(prices[i] / prices[i - 1]));
  return out;
}

export function annualisedVolatility(returns: readonly number[], periodsPerYear = 252): number {
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * periodsPerYear);
}

export function maxDrawdown(prices: Float64Array): number {
  let peak = -Infinity;
  let worst = 0;
  for (const p of prices) {
    peak = Math.max(peak, p);
    worst = Math.min(worst, (p - peak) / peak);
  }
  return -worst;
}

/** Gradient of the squared error of a0·exp(g·t) against the prices, in (a0, g). */
export function growthFitGradient(prices: readonly number[], params: [number, number]): [number, number] {
  const t = Float64Array.from(prices, (_, i) => i / 252);
  return gradient(
    (p: RealArray) => sum(square(sub(mul(at(p, 0), exp(mul(at(p, 1), t))), prices))),
    reverse(),
    params,
  );
}
