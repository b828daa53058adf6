/**
 * The talk "Automatic Differentiation: Julia's most confusing superpower?" (Guillaume Dalle and
 * Adrian Hill, JuliaOptimizationDays 2024), every code block in TypeScript, slide by slide in
 * the talk's order. Each slide function names its slide; `Transcript` checks every number it
 * prints.
 */
import { decisionTreeSlides } from './decision-tree.js';
import { featuresSlides } from './features.js';
import { homemadeSlides } from './homemade-by-hand.js';
import { gettingStartedSlides } from './interface.js';
import { jacobianCostSlides } from './jacobian-cost.js';
import { jvpVjpSlides } from './jvp-vjp.js';
import { sparsitySlides } from './sparsity.js';
import { Transcript } from './transcript.js';
import { troubleshootingSlides } from './troubleshooting.js';

/** Runs every slide and returns what it printed and what it checked. */
export function talk(): Transcript {
  const t = new Transcript();
  homemadeSlides(t);
  jvpVjpSlides(t);
  jacobianCostSlides(t);
  decisionTreeSlides(t);
  troubleshootingSlides(t);
  gettingStartedSlides(t);
  featuresSlides(t);
  sparsitySlides(t);
  return t;
}
