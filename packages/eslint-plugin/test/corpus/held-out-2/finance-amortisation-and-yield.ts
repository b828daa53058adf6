// corpus: clean
// about: a loan amortisation schedule on plain numbers, in the same module as a yield-to-maturity solver that differentiates the price in the yield
import type { Real } from '@pullback/rules-core';
import { add, div, pow } from '@pullback/rules-core/math';
import { derivative, forward } from '@pullback/engine';

export interface Instalment {
  period: number;
  interest: number;
  principal: number;
  balance: number;
}

export function amortisation(principal: number, annualRate: number, months: number): Instalment[] {
  const r = annualRate / 12;
  const payment = (principal * r) / (1 - (1 + r) ** -months);
  const rows: Instalment[] = [];
  let balance = principal;
  for (let period = 1; period <= months; period++) {
    const interest = balance * r;
    balance -= payment - interest;
    rows.push({ period, interest, principal: payment - interest, balance: Math.max(balance, 0) });
  }
  return rows;
}

const coupon = 5;
const years = 7;

function price(y: Real): Real {
  let p: Real = 0;
  for (let t = 1; t <= years; t++) p = add(p, div(coupon, pow(add(1, y), t)));
  return add(p, div(100, pow(add(1, y), years)));
}

/** Newton's method on price(y) = quoted; the driver works on plain numbers. */
export function yieldToMaturity(quoted: number): number {
  let y = 0.05;
  for (let it = 0; it < 20; it++) {
    const gap = (price(y) as number) - quoted;
    const slope = derivative(price, forward(), y) as number;
    y -= gap / slope;
    if (Math.abs(gap) < 1e-10) break;
  }
  return y;
}
