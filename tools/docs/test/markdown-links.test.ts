import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lineDiff } from '../src/line-diff.js';
import { anchors, brokenLinks, markdownFiles, slug } from '../src/markdown-links.js';
import { makeRepo } from './fixture.js';

let remove = (): void => {};
afterEach(() => remove());

describe('anchors', () => {
  it('follow GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    expect(slug('Writing rules (ChainRules users)')).toBe('writing-rules-chainrules-users');
    expect(slug('`testRrule` and `testFrule`: what maps to what')).toBe(
      'testrrule-and-testfrule-what-maps-to-what',
    );
    expect(slug('[Links](x.md) & *emphasis* — done')).toBe('links--emphasis--done');
    const text =
      '# Title\n\n## Step\n\n```md\n## Not a heading\n```\n\n## Step\n\n<a id="custom"></a>\n';
    expect([...anchors(text)]).toEqual(['title', 'step', 'step-1', 'custom']);
  });
});

describe('broken links', () => {
  it('names the file, line, target and what is missing; follows relative links only', () => {
    const repo = makeRepo({
      'README.md': [
        '# Start',
        '[guide](docs/guide.md#second-step) [gone](docs/gone.md) [web](https://example.com/x)',
        '[bad anchor](docs/guide.md#third-step) [folder](docs) [self](#start) [root](/docs/guide.md)',
        '`[code](nowhere.md)`',
        '```sh',
        '[fenced](nowhere.md)',
        '```',
        '[ref]: docs/missing.md',
      ].join('\n'),
      'docs/guide.md': '# Guide\n\n## First step\n\n## Second step\n',
      'node_modules/x/README.md': '[dep](nowhere.md)',
    });
    remove = repo.remove;
    const files = markdownFiles(repo.root);
    expect(files).toEqual([join(repo.root, 'README.md'), join(repo.root, 'docs/guide.md')]);
    expect(brokenLinks(repo.root, files)).toEqual([
      { where: 'README.md:2', target: 'docs/gone.md', reason: 'docs/gone.md does not exist' },
      {
        where: 'README.md:3',
        target: 'docs/guide.md#third-step',
        reason: 'docs/guide.md has no heading or anchor "third-step"',
      },
      { where: 'README.md:8', target: 'docs/missing.md', reason: 'docs/missing.md does not exist' },
    ]);
  });
});

describe('lineDiff', () => {
  it('shows removed and added lines in order, and cuts long diffs', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd', 10)).toEqual(['+ x', '- b', '+ d']);
    expect(lineDiff('', 'a\nb\nc', 2)).toEqual(['+ a', '+ b', '… and 2 more changed lines']);
  });
});
