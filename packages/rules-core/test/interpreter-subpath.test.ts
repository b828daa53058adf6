import { describe, expect, it } from 'vitest';
import * as root from '@pullback/rules-core';
import * as protocol from '@pullback/rules-core/interpreter';
import {
  ACTIVE,
  PRIMAL,
  innermostOwner,
  interpretersInFlight,
  isCheckpoint,
  popInterpreter,
  pushInterpreter,
  recordOf,
  withInterpreter,
  type DifferentiableRecord,
  type Interpreter,
  type Mode,
} from '@pullback/rules-core/interpreter';

/** What only an engine needs: at `@pullback/rules-core/interpreter`, not at the root. */
const engineOnly = [
  'pushInterpreter',
  'popInterpreter',
  'withInterpreter',
  'interpretersInFlight',
  'innermostOwner',
  'recordOf',
  'isCheckpoint',
];

describe('@pullback/rules-core/interpreter', () => {
  it('exports the engine-facing protocol', () => {
    expect(Object.keys(protocol).sort()).toEqual([...engineOnly, 'ACTIVE', 'PRIMAL'].sort());
  });

  it('is no longer exported from the root, which keeps what a rule author uses', () => {
    for (const name of engineOnly) expect(root).not.toHaveProperty(name);
    for (const name of ['ACTIVE', 'PRIMAL', 'isActive', 'primal', 'rulesOf', 'differentiable']) {
      expect(root).toHaveProperty(name);
    }
    expect(protocol.ACTIVE).toBe(root.ACTIVE);
    expect(protocol.PRIMAL).toBe(root.PRIMAL);
  });

  it('runs an interpreter a user-written engine pushes', () => {
    const seen: string[] = [];
    const double = root.differentiable((x: number) => 2 * x, undefined, { name: 'double' });
    const interpreter: Interpreter = {
      mode: 'test' satisfies Mode,
      level: -1,
      apply(f, args) {
        const record: DifferentiableRecord | undefined = recordOf(f);
        seen.push(record?.name ?? '?');
        expect(innermostOwner(args)).toBe(interpreter);
        return 0;
      },
    };
    const value = { [ACTIVE]: interpreter, [PRIMAL]: 3 };
    const result = withInterpreter(interpreter, () => {
      expect(interpretersInFlight()).toContain(interpreter);
      return double(value as never);
    });
    expect(result).toBe(0);
    expect(seen).toEqual(['double']);
    pushInterpreter(interpreter);
    popInterpreter(interpreter);
    expect(interpretersInFlight()).not.toContain(interpreter);
    expect(isCheckpoint(double)).toBe(false);
  });
});
