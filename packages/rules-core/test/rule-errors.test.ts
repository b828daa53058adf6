import { describe, expect, it } from 'vitest';
import {
  PullbackError,
  RuleDefinitionError,
  RuleError,
  RuleOutputError,
} from '@pullback/rules-core';

describe('RuleOutputError', () => {
  it('says which rule, in which mode, where, what was expected and what came back, and what to do', () => {
    const e = new RuleOutputError({
      functionName: 'energy',
      mode: 'reverse',
      part: 'pullback',
      argument: 1,
      path: '.w[2]',
      expected: 'a number (or zeroTangent, noTangent, a thunk)',
      received: 'the string "x"',
    });
    expect(e).toBeInstanceOf(RuleDefinitionError);
    expect(e).toBeInstanceOf(PullbackError);
    expect(e.name).toBe('RuleOutputError');
    expect(e).toMatchObject({
      functionName: 'energy',
      mode: 'reverse',
      part: 'pullback',
      argument: 1,
      path: '.w[2]',
    });
    expect(e.message).toMatch(
      /^the pullback returned by energy's rrule returned a wrong result in reverse mode for argument 1 \(counting from 0\) at \.w\[2\]: expected a number \(or zeroTangent, noTangent, a thunk\), got the string "x"\. A pullback returns an array with one cotangent per argument/,
    );
  });

  it('words each part of a rule', () => {
    const message = (part: RuleOutputError['part']) =>
      new RuleOutputError({
        functionName: 'h',
        mode: 'forward',
        part,
        expected: 'a',
        received: 'b',
      }).message;
    expect(message('frule')).toMatch(/^h's frule returned .*An frule returns \[y, dy\]/);
    expect(message('rrule')).toMatch(/^h's rrule returned .*An rrule returns \[y, pullback\]/);
    expect(message('partials')).toMatch(
      /^h's partials returned .*partials\(\.\.\.args, y\) returns/,
    );
    expect(
      new RuleOutputError({
        functionName: 'h',
        mode: 'forward',
        part: 'frule',
        expected: 'a',
        received: 'b',
      }).argument,
    ).toBeUndefined();
  });
});

describe('RuleError', () => {
  it('keeps the original error as cause and names the rule, mode and part', () => {
    const cause = new TypeError('x is not iterable');
    const e = new RuleError('solve', 'forward', 'frule', cause);
    expect(e).toBeInstanceOf(PullbackError);
    expect(e).not.toBeInstanceOf(RuleDefinitionError);
    expect(e.cause).toBe(cause);
    expect(e).toMatchObject({
      name: 'RuleError',
      functionName: 'solve',
      mode: 'forward',
      part: 'frule',
    });
    expect(e.message).toMatch(
      /^solve's frule threw in forward mode: TypeError: x is not iterable\. .*fix the rule, or remove it/,
    );
  });

  it('describes a thrown value that is not an Error', () => {
    expect(new RuleError('h', 'reverse', 'pullback', 'oops').message).toMatch(
      /^the pullback returned by h's rrule threw in reverse mode: oops\./,
    );
  });

  it('ends the quoted message with one period when the cause ends with its own', () => {
    const e = new RuleError('h', 'reverse', 'rrule', new TypeError('mul: got an object.'));
    expect(e.message).toMatch(
      /^h's rrule threw in reverse mode: TypeError: mul: got an object\. The error/,
    );
  });
});
