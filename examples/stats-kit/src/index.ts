/**
 * stats-kit: log-space statistics functions with differentiation rules for pullback. It depends
 * on `@pullback/rules-core` alone, the way a Julia package depends on ChainRulesCore and not on
 * an AD engine: any engine that speaks the protocol differentiates these functions with their
 * rules.
 *
 * @packageDocumentation
 */
export { sigmoid } from './sigmoid.js';
export { softplus } from './softplus.js';
export { log1mexp } from './log1mexp.js';
export { logaddexp } from './logaddexp.js';
export { logistic } from './logistic.js';
export { normalLogpdf } from './normal-logpdf.js';
export { studentTLogpdf, type StudentTLogpdf } from './student-t-logpdf.js';
export { logdetSPD } from './logdet-spd.js';
export { NotPositiveDefiniteError } from './not-positive-definite-error.js';
