import { describe, expect, it } from 'vitest';
import { LexiconTextAnalyzer, stripNonProse } from '../../../shared/adapters/local/lexicon-text-analyzer.ts';

describe('Class: LexiconTextAnalyzer', () => {
  const analyzer = new LexiconTextAnalyzer();

  it('scores clear developer praise, complaints and questions', async () => {
    const results = await analyzer.analyze([
      { id: 'p', text: 'Thanks, Java auto-instrumentation worked out of the box, amazing!' },
      { id: 'n', text: 'The gateway collector is OOM killed every night, really frustrating.' },
      { id: 'q', text: 'Which Node.js versions are supported by the eBPF instrumentation?' },
    ]);

    expect(results.map((r) => r.sentiment)).toEqual(['positive', 'negative', 'neutral']);
    for (const r of results)
      expect(r.scores.positive + r.scores.negative + r.scores.neutral + r.scores.mixed).toBeCloseTo(1, 9);
  });

  it('handles negation ("does not work") and ignores words inside code and stack traces', async () => {
    const [negated, code] = await analyzer.analyze([
      { id: 'a', text: 'Instrumentation does not work on our cluster.' },
      {
        id: 'b',
        text: 'How do I set this?\n```\npanic: error: crash failed\n```\n    at main.run(main.go:42)',
      },
    ]);

    expect(negated!.sentiment).toBe('negative');
    expect(code!.sentiment).toBe('neutral');
    expect(stripNonProse('see https://x.io/a and `kill -9`')).not.toMatch(/https|kill/);
  });

  it('returns one analysis per document, in order, with key phrases and a language', async () => {
    const results = await analyzer.analyze([
      { id: 'x', text: 'Gateway collector memory limit for the gateway collector' },
      { id: 'y', text: '' },
    ]);

    expect(results.map((r) => r.id)).toEqual(['x', 'y']);
    expect(results[0]!.keyPhrases[0]).toBe('gateway collector');
    expect(results[0]!.language).toBe('en');
    expect(results[1]!.language).toBeNull();
  });
});
