import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

// The first type-aware case of a run builds a TypeScript program: seconds on a busy machine.
const TIMEOUT_MS = 60_000;

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = (name: string, fn: () => void) => it(name, { timeout: TIMEOUT_MS }, fn);
RuleTester.itOnly = (name: string, fn: () => void) => it.only(name, { timeout: TIMEOUT_MS }, fn);

/** The fixture project type-aware tests lint against (tests lint their code as its `file.ts`). */
export const fixtureProject = fileURLToPath(new URL('./fixtures', import.meta.url));

/** A RuleTester without type information: answers come from the parameters' flow. */
export function untypedRuleTester(): RuleTester {
  return new RuleTester();
}

/** A RuleTester with type information from the shared fixture project. */
export function typedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: fixtureProject },
    },
  });
}

/** Joins source lines, so tests can state line numbers plainly. */
export function lines(...source: string[]): string {
  return source.join('\n');
}
