import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ModelTextAnalyzer,
  shippedSentimentModel,
} from '../../../shared/adapters/local/model-text-analyzer.ts';

const analyzer = new ModelTextAnalyzer();
const sentimentOf = async (text: string) => (await analyzer.analyze([{ id: 'x', text }]))[0]!.sentiment;

describe('Class: ModelTextAnalyzer', () => {
  describe('Method: analyze', () => {
    it('uses the shipped model', () => {
      const model = shippedSentimentModel();

      expect(analyzer.name).toBe('local-sentiment-v2');
      expect(model.featureCount).toBeGreaterThan(1000);
      expect(model.about).toMatchObject({ hyperparameters: expect.any(Object) });
    });

    it.each([
      ['Thanks, Java auto-instrumentation worked out of the box, amazing!', 'positive'],
      ['LGTM 👍', 'positive'],
      ['Great job on this release, the new UI is awesome :tada:', 'positive'],
      ['Thank you so much for the quick fix!', 'positive'],
      ['The gateway collector is OOM killed every night, really frustrating.', 'negative'],
      ['Sorry, I broke the build again :(', 'negative'],
      ['This is a terrible idea and the docs are useless.', 'negative'],
      ['Ugh, upgrading to 1.0.150 is so annoying, nothing works anymore', 'negative'],
      ['Which Node.js versions are supported by the eBPF instrumentation?', 'neutral'],
      ['Moved the helper into utils.go and renamed the config field.', 'neutral'],
      ['Could you rebase this on main?', 'neutral'],
    ] as const)('reads %j as %s', async (text, expected) => {
      expect(await sentimentOf(text)).toBe(expected);
    });

    it('does not take words in code, logs and stack traces as the writer’s mood', async () => {
      expect(
        await sentimentOf(
          'How do I set the sampling ratio?\n```\npanic: error: crash failed\n```\n    at main.run(main.go:42)\nERROR failed to export',
        ),
      ).toBe('neutral');
    });

    it('returns one analysis per document, in order, with key phrases, a language and no mixed share', async () => {
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
      for (const r of results) {
        expect(r.analyzer).toBe('local-sentiment-v2');
        expect(r.scores.mixed).toBe(0);
      }
    });

    it('is deterministic', async () => {
      const docs = ['Thanks!', "doesn't work :(", 'Is there a flag for this?'].map((text, i) => ({
        id: `${i}`,
        text,
      }));

      expect(await new ModelTextAnalyzer().analyze(docs)).toEqual(await analyzer.analyze(docs));
    });

    it('returns scores that are shares of one for any text', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (text) => {
          const [r] = await analyzer.analyze([{ id: '1', text }]);
          const values = Object.values(r!.scores);
          for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
          expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        }),
      );
    });
  });
});
