/**
 * The talk's "Typical ForwardDiff issue", "ForwardDiff troubleshooting", "Typical Zygote issue"
 * and "Zygote troubleshooting", on the copies of `copies.ts`. Where Julia throws a
 * `MethodError` (ForwardDiff) or "Mutating arrays is not supported" (Zygote), pullback re-runs
 * `badcopy` as a reported black box, or throws `FallbackError` with `fallback: 'error'`.
 */
import {
  FallbackError,
  forward,
  jacobian,
  reverse,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { badcopy, badcopy2, goodcopy } from './copies.js';
import type { Transcript } from './transcript.js';

const ones = (): Float64Array => new Float64Array([1, 1]);
const identity = [1, 0, 0, 1];

/** What `jacobian(badcopy, backend, ones(2))` throws, as one line. */
function failure(backend: Backend): string {
  try {
    jacobian(badcopy, backend, ones());
  } catch (error) {
    if (error instanceof FallbackError) {
      const e = error.event;
      return `${error.name}: ${e.functionName} in ${e.mode} mode; the lint rule ${e.lintRule} flags it`;
    }
    throw error;
  }
  return 'no error';
}

/** The four slides. */
export function troubleshootingSlides(t: Transcript): void {
  t.slide('Typical ForwardDiff issue');
  t.say('badcopy(x) = copyto!(zeros(size(x)), x): here, a copy into a Float64Array.');
  t.showText(
    "jacobian(badcopy, forward({ fallback: 'error' }), ones(2))",
    failure(forward({ fallback: 'error' })),
    /^FallbackError: badcopy in forward mode; the lint rule @pullback\/no-\S+ flags it$/,
  );
  const events: FallbackEvent[] = [];
  const reported = jacobian(badcopy, forward({ onFallback: (e) => void events.push(e) }), ones());
  t.showMatrix(
    'jacobian(badcopy, forward(), ones(2)), by the reported fallback',
    reported,
    identity,
    1e-8,
  );
  t.showText(
    'the report',
    events.map((e) => `${e.functionName} re-run with ${e.replacement}`).join('; '),
    /^badcopy re-run with finite differences$/,
  );

  t.slide('ForwardDiff troubleshooting');
  t.say(
    'goodcopy allocates with similar(x), storage that holds whatever x holds, like zeros(eltype(x), size(x)).',
  );
  t.showMatrix(
    "jacobian(goodcopy, forward({ fallback: 'error' }), ones(2))",
    jacobian(goodcopy, forward({ fallback: 'error' }), ones()),
    identity,
  );

  t.slide('Typical Zygote issue');
  t.showText(
    "jacobian(badcopy, reverse({ fallback: 'error' }), ones(2))",
    failure(reverse({ fallback: 'error' })),
    /^FallbackError: badcopy in reverse mode; the lint rule @pullback\/no-\S+ flags it$/,
  );

  t.slide('Zygote troubleshooting');
  t.say("badcopy2 keeps badcopy's body and declares an rrule whose pullback is I' * dy.");
  t.showMatrix(
    "jacobian(badcopy2, reverse({ fallback: 'error' }), ones(2))",
    jacobian(badcopy2, reverse({ fallback: 'error' }), ones()),
    identity,
  );
}
