import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  keyPhrases,
  LexiconTextAnalyzer,
  scoreText,
  stripNonProse,
} from '../../../shared/adapters/local/lexicon-text-analyzer.ts';

const analyzer = new LexiconTextAnalyzer();
const sentiment = (text: string) => scoreText(text).sentiment;

describe('Class: LexiconTextAnalyzer', () => {
  describe('Method: analyze', () => {
    it('scores clear developer praise, complaints and questions', async () => {
      const results = await analyzer.analyze([
        { id: 'p', text: 'Thanks, Java auto-instrumentation worked out of the box, amazing!' },
        { id: 'n', text: 'The gateway collector is OOM killed every night, really frustrating.' },
        { id: 'q', text: 'Which Node.js versions are supported by the eBPF instrumentation?' },
      ]);

      expect(results.map((r) => r.sentiment)).toEqual(['positive', 'negative', 'neutral']);
      for (const r of results) {
        expect(r.scores.positive + r.scores.negative + r.scores.neutral + r.scores.mixed).toBeCloseTo(1, 9);
        expect(r.analyzer).toBe('local-lexicon-v1');
      }
    });

    it('returns one analysis per document, in order, with key phrases and a language', async () => {
      const results = await analyzer.analyze([
        { id: 'x', text: 'Gateway collector memory limit for the gateway collector' },
        { id: 'y', text: '' },
        { id: 'z', text: 'La instrumentación automática funciona muy bien en nuestro clúster' },
      ]);

      expect(results.map((r) => r.id)).toEqual(['x', 'y', 'z']);
      expect(results[0]!.keyPhrases[0]).toBe('gateway collector');
      expect(results[0]!.language).toBe('en');
      expect(results[1]).toMatchObject({ language: null, sentiment: 'neutral', keyPhrases: [] });
      expect(results[2]!.language).toBeNull();
    });

    it('gives the same analysis for the same documents, every time', async () => {
      const texts = [
        'Thanks, the Go instrumentation works great :tada:',
        "Upgrading to 1.0.150 doesn't work, the odiglet crashes on startup 😞",
        'Is there a way to exclude namespaces from instrumentation?\n```yaml\nkind: Source\n```',
        'The UI is slow when we have 300 sources, but the new destinations page is awesome',
      ];
      const docs = Array.from({ length: 10_000 }, (_, i) => ({ id: `${i}`, text: `${texts[i % 4]} #${i}` }));

      const first = await analyzer.analyze(docs);
      const second = await analyzer.analyze(docs);

      expect(second).toEqual(first);
    });
  });
});

describe('Function: scoreText', () => {
  it.each([
    ['Instrumentation does not work on our cluster.', 'negative'],
    ["It doesn't work after the upgrade", 'negative'],
    ['It doesn’t work after the upgrade', 'negative'],
    ['The odiglet keeps crashing', 'negative'],
    ['+1, would love this', 'positive'],
    ['Released in v1.2 :tada:', 'positive'],
    ['Released in v1.2 🎉', 'positive'],
    ['Works for me 👍🏽', 'positive'],
    ['Tried again, same result 😞', 'negative'],
    ['Love the new UI ❤️', 'positive'],
    ['The docs are not great', 'negative'],
  ] as const)('reads %j as %s', (text, expected) => {
    expect(sentiment(text)).toBe(expected);
  });

  it('reads a negated complaint as mild, never as negative', () => {
    expect(sentiment('Not bad at all')).not.toBe('negative');
    expect(scoreText('Not bad at all').scores.positive).toBeGreaterThan(
      scoreText('Not bad at all').scores.negative,
    );
  });

  it('weighs intensified words more', () => {
    expect(scoreText('really awesome').scores.positive).toBeGreaterThan(scoreText('awesome').scores.positive);
  });

  it('sees praise and complaint together as mixed or split', () => {
    const { scores } = scoreText('Setup was awesome and easy, but the dashboard is slow and confusing.');

    expect(scores.positive).toBeGreaterThan(0.1);
    expect(scores.negative).toBeGreaterThan(0.1);
    expect(scores.mixed).toBeGreaterThan(0.1);
  });

  it('ignores words inside code, logs and stack traces', () => {
    expect(
      sentiment(
        'How do I set this?\n```\npanic: error: crash failed\n```\n    at main.run(main.go:42)\nERROR failed to export',
      ),
    ).toBe('neutral');
    expect(
      sentiment('Traceback (most recent call last):\n  File "app.py", line 3, in main\nWhich version?'),
    ).toBe('neutral');
  });

  it('returns scores that are shares of one for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const { scores } = scoreText(text);
        const values = Object.values(scores);
        for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
        expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe('Function: stripNonProse', () => {
  it('removes code, URLs, HTML comments and quoted replies', () => {
    const stripped = stripNonProse(
      'see https://x.io/a and `kill -9`\n<!-- Describe the bug -->\n> the old reply was wrong\nReal text',
    );

    expect(stripped).not.toMatch(/https|kill|Describe|wrong/);
    expect(stripped).toContain('Real text');
  });
});

describe('Function: keyPhrases', () => {
  it('returns at most five lowercased 1–3-word phrases without stopwords', () => {
    const phrases = keyPhrases(
      'The Python auto instrumentation fails in the Python auto instrumentation of Django. ' +
        'Django apps, Flask apps and FastAPI apps. The collector gateway and the collector gateway config.',
    );

    expect(phrases.length).toBeLessThanOrEqual(5);
    expect(phrases[0]).toBe('python auto instrumentation');
    expect(phrases).toContain('collector gateway');
    for (const p of phrases) {
      expect(p).toBe(p.toLowerCase());
      expect(p.split(' ').length).toBeLessThanOrEqual(3);
      expect(p.split(' ')).not.toContain('the');
    }
  });
});

describe('Function: detectLanguage', () => {
  it('says en for English prose and null for other scripts, other languages and too little text', () => {
    expect(detectLanguage('The collector restarts every hour on our cluster')).toBe('en');
    expect(detectLanguage('LGTM')).toBe('en');
    expect(detectLanguage('インストルメンテーションが動きません')).toBeNull();
    expect(detectLanguage('Die Instrumentierung funktioniert leider gar nicht mehr seit gestern')).toBeNull();
    expect(detectLanguage('👍')).toBeNull();
  });
});
