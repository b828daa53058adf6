import fc from 'fast-check';
import { installFallbackWarningGuard } from './vitest.fallback-guard.js';

// CI must be deterministic: a random seed once failed a stop on code it did not touch. Under
// CI=true every property test without a seed of its own runs from this one; elsewhere (local runs,
// `npm run test:fuzz`) fast-check draws a fresh seed and prints it with any counterexample, which
// is then replayed as a fixed test.
if (process.env.CI === 'true' || process.env.CI === '1') {
  fc.configureGlobal({ seed: 20261205 });
}

installFallbackWarningGuard();
