/**
 * `@pullback/engine/diagnostics`: what the engine's internals do with a function, for tuning and
 * for tests of the engine itself: how many operations a reverse pass records, and whether an hvp
 * takes the forward-over-reverse tape. The operators, backends and sparsity API are at
 * `@pullback/engine`.
 *
 * @packageDocumentation
 */
export type { TapeStatistics, HvpTapeStatistics } from './api/tape-statistics.js';
export { tapeStatistics, hvpTapeStatistics } from './api/tape-statistics.js';
