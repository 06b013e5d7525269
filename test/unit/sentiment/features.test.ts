import { describe, expect, it } from 'vitest';
import { extractFeatures, normalise, tokenize } from '../../../shared/sentiment/features.ts';

describe('Function: tokenize', () => {
  it('keeps emoticons, emoji, shortcodes, +1 and punctuation runs as tokens', () => {
    const tokens = tokenize(normalise('+1 LGTM :) but docs:( ;-) <3 :tada: 👍🏽 so cool!!! Why?? ...'));

    expect(tokens).toEqual([
      '+1',
      'lgtm',
      ':)',
      'but',
      'docs',
      ':(',
      ';-)',
      '<3',
      ':tada:',
      '👍',
      'so',
      'cool',
      '!!!',
      'why',
      '??',
      '...',
    ]);
  });

  it('does not read code-like text as emoticons', () => {
    expect(tokenize(normalise('f(x) and 8) and a=3'))).not.toContain('x)');
    expect(tokenize(normalise('f(x) and 8) and a=3'))).not.toContain('8)');
  });

  it('shortens letter runs and plain-ifies apostrophes', () => {
    expect(tokenize(normalise('Sooooo cool, it doesn’t crash'))).toEqual([
      'soo',
      'cool',
      ',',
      'it',
      "doesn't",
      'crash',
    ]);
  });
});

describe('Function: extractFeatures', () => {
  it('marks the words after a negator up to the next punctuation mark', () => {
    const features = extractFeatures("It doesn't work well, but the docs are good");

    expect(features).toContain('w:!work');
    expect(features).toContain('w:!well');
    expect(features).toContain('w:good');
    expect(features).not.toContain('w:!good');
  });

  it('pools opinion words and emoticons into shared cues, negation applied', () => {
    expect(extractFeatures('Thanks, great work :)')).toEqual(
      expect.arrayContaining(['m:pos', 'm:pos2', 'm:emo+']),
    );
    expect(extractFeatures('not good')).toContain('m:neg');
    expect(extractFeatures('so annoying :( 😞')).toEqual(
      expect.arrayContaining(['m:neg', 'm:emo-', 'm:emo-2']),
    );
  });

  it('has bigrams with start and end marks, numbers folded, no duplicates', () => {
    const features = extractFeatures('Upgrade to 1.2 fixed it. Upgrade to 1.3 too');

    expect(features).toEqual(expect.arrayContaining(['b:<s> upgrade', 'b:to <num>', 'b:too </s>']));
    expect(new Set(features).size).toBe(features.length);
  });

  it('returns no features for text with nothing in it', () => {
    expect(extractFeatures('')).toEqual([]);
    expect(extractFeatures('   ')).toEqual([]);
  });

  it('flags text that was mostly code before cleaning', () => {
    expect(extractFeatures('Why?', 'Why?\n```\nlong code block here\n```')).toContain('m:mostly-code');
  });
});
