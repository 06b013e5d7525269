import { describe, expect, it } from 'vitest';
import { Random } from '../../../shared/demo/random.ts';
import { LABELS, ModelFormatError, SentimentModel } from '../../../shared/sentiment/model.ts';
import { fitModel } from '../../../shared/sentiment/protocol.ts';
import { type LabelledText, serializeModel, trainWeights } from '../../../shared/sentiment/train.ts';

/** A small generated corpus: the wording carries the label, the topics are shared by all classes. */
function corpus(n: number, seed: number): LabelledText[] {
  const r = new Random(seed);
  const topics = ['the collector', 'the UI', 'this PR', 'the Helm chart', 'eBPF probes', 'the docs'];
  const said = {
    positive: ['thanks, {t} works great', 'love {t} :)', '{t} is awesome, nice job', 'LGTM, {t} is perfect'],
    negative: [
      '{t} is broken again :(',
      'I hate how {t} behaves',
      '{t} is terrible and annoying',
      'ugh, {t} sucks',
    ],
    neutral: [
      'which version of {t} is this?',
      '{t} was moved to another folder',
      'see {t} for details',
      'updated {t}',
    ],
  } as const;
  return Array.from({ length: n }, (_, i) => {
    const label = LABELS[i % 3]!;
    return {
      text: r.pick(said[label]).replace('{t}', r.pick(topics)),
      label,
      source: i % 2 ? 'github' : 'other',
    };
  });
}

describe('Class: SentimentModel', () => {
  const train = corpus(300, 1);
  const model = SentimentModel.fromJSON(fitModel(train, 'github', { l2: 1e-3, targetWeight: 2 }));

  describe('Method: predict', () => {
    it('learns the labels of unseen texts of the same kind', () => {
      const test = corpus(60, 2);

      const correct = test.filter((t) => model.predict(t.text).label === t.label).length;

      expect(correct / test.length).toBeGreaterThan(0.95);
    });

    it('returns probabilities that sum to one', () => {
      const { scores } = model.predict('something else entirely, with words never seen');

      expect(scores.negative + scores.neutral + scores.positive).toBeCloseTo(1, 12);
    });

    it('scores a text with no prose left as neutral', () => {
      expect(model.predict('```\nterrible awful crash\n```')).toEqual({
        label: 'neutral',
        scores: { negative: 0, neutral: 1, positive: 0 },
      });
    });
  });

  describe('Method: fromJSON', () => {
    it('survives a JSON round trip with the same predictions', () => {
      const copy = SentimentModel.fromJSON(
        JSON.parse(JSON.stringify(fitModel(train, 'github', { l2: 1e-3, targetWeight: 2 }))),
      );

      for (const t of corpus(20, 3)) expect(copy.predict(t.text)).toEqual(model.predict(t.text));
    });

    it('rejects what is not a model', () => {
      expect(() => SentimentModel.fromJSON({ format: 'something-else' })).toThrow(ModelFormatError);
      expect(() => SentimentModel.fromJSON(null)).toThrow(ModelFormatError);
      const good = fitModel(train, 'github', { l2: 1e-3, targetWeight: 2 });
      expect(() => SentimentModel.fromJSON({ ...good, weights: good.weights.slice(0, 8) })).toThrow(
        /features need/,
      );
    });
  });
});

describe('Function: trainWeights', () => {
  it('is deterministic', () => {
    const train = corpus(90, 4);

    const a = trainWeights(train, { l2: 1e-3 });
    const b = trainWeights(train, { l2: 1e-3 });

    expect(a.features).toEqual(b.features);
    expect([...a.weights]).toEqual([...b.weights]);
  });
});

describe('Function: serializeModel', () => {
  it('keeps the features with the largest weight spread and predicts nearly as before', () => {
    const trained = trainWeights(corpus(300, 5), { l2: 1e-3, minCount: 1 });
    const full = SentimentModel.fromJSON(serializeModel(trained, { name: 'full' }));

    const small = SentimentModel.fromJSON(serializeModel(trained, { name: 'small', maxFeatures: 40 }));

    expect(full.featureCount).toBe(trained.features.length);
    expect(small.featureCount).toBe(40);
    const agree = corpus(60, 6).filter((t) => small.predict(t.text).label === full.predict(t.text).label);
    expect(agree.length).toBeGreaterThan(54);
  });
});
