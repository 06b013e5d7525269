import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDeveloperText } from '../../../shared/feedback/clean-text.ts';

describe('Function: cleanDeveloperText', () => {
  it('removes fenced and inline code, URLs, HTML comments and quoted replies', () => {
    const cleaned = cleanDeveloperText(
      [
        '<!-- Describe the bug -->',
        '> the old reply was wrong',
        'See https://x.io/a and `kill -9`, it works now.',
        '```yaml',
        'error: crash failed',
        '```',
        '~~~',
        'panic loop',
        '~~~',
        'Real text',
      ].join('\n'),
    );

    expect(cleaned).toBe('See and , it works now.\nReal text');
  });

  it('removes stack traces and log lines of several runtimes', () => {
    const cleaned = cleanDeveloperText(
      [
        'The odiglet restarts after the upgrade.',
        'java.lang.IllegalStateException: boom',
        '    at io.odigos.Agent.start(Agent.java:42)',
        'Caused by: java.io.IOException: failed',
        '\t... 12 more',
        'Traceback (most recent call last):',
        '  File "app.py", line 3, in main',
        'goroutine 1 [running]:',
        'panic: runtime error: invalid memory address',
        '        /go/src/main.go:17 +0x1d',
        '2024-05-01T10:00:00Z ERROR exporter failed',
        'ERROR failed to export spans',
        '[INFO] retrying',
        'E0501 10:00:00.000000 1 reflector.go:138] failed',
        '{"level":"error","msg":"failed to send"}',
        '$ kubectl logs odiglet',
        'Any idea?',
      ].join('\n'),
    );

    expect(cleaned).toBe('The odiglet restarts after the upgrade.\nAny idea?');
  });

  it('removes issue-template headings, checkboxes, tables and details blocks', () => {
    const cleaned = cleanDeveloperText(
      [
        '### Describe the bug',
        'Sampling rules are ignored.',
        '**To Reproduce**',
        '- [x] I searched existing issues',
        '| version | 1.0 |',
        '<details><summary>logs</summary>lots of noise</details>',
        'Thanks for looking!',
      ].join('\n'),
    );

    expect(cleaned).toBe('Sampling rules are ignored.\nThanks for looking!');
  });

  it('keeps link text, drops @mentions and Slack markup, keeps e-mail-like words alone', () => {
    expect(
      cleanDeveloperText('Thanks @alice and @odigos-io/maintainers! See [the docs](https://docs.odigos.io).'),
    ).toBe('Thanks and ! See the docs.');
    expect(cleanDeveloperText('<@U024BE7LH> look at <https://x.io/y|this page> in <#C123|general>')).toBe(
      'look at this page in',
    );
  });

  it('keeps prose that merely mentions errors, and nested list items', () => {
    const text = 'Error handling is confusing here.\n- first\n    - nested point';

    expect(cleanDeveloperText(text)).toBe('Error handling is confusing here.\n- first\n- nested point');
  });

  it('never throws and never grows a text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        expect(cleanDeveloperText(text).length).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});
