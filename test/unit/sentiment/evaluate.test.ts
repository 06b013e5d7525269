import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanSd, scoreLabels, stratifiedFolds } from '../../../shared/sentiment/evaluate.ts';
import type { SentimentLabel } from '../../../shared/sentiment/model.ts';

describe('Function: scoreLabels', () => {
  it('computes precision, recall, per-class F1, macro-F1 and the confusion matrix', () => {
    const actual: SentimentLabel[] = ['positive', 'positive', 'neutral', 'neutral', 'negative', 'negative'];
    const predicted: SentimentLabel[] = ['positive', 'neutral', 'neutral', 'neutral', 'negative', 'positive'];

    const m = scoreLabels(actual, predicted);

    expect(m.perClass.positive).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass.neutral.precision).toBeCloseTo(2 / 3, 12);
    expect(m.perClass.neutral.f1).toBeCloseTo(0.8, 12);
    expect(m.perClass.negative).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.confusion.negative).toEqual({ negative: 1, neutral: 0, positive: 1 });
  });

  it('scores a class never predicted as F1 0, not NaN', () => {
    expect(scoreLabels(['positive', 'negative'], ['positive', 'positive']).perClass.negative.f1).toBe(0);
  });
});

describe('Function: stratifiedFolds', () => {
  it('partitions the items, spreads each class evenly and is the same for the same seed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 10, maxLength: 200 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer(),
        (labels, k, seed) => {
          const folds = stratifiedFolds(labels, k, seed);

          expect(folds.flat().sort((x, y) => x - y)).toEqual(labels.map((_, i) => i));
          for (const label of ['a', 'b', 'c']) {
            const perFold = folds.map((f) => f.filter((i) => labels[i] === label).length);
            expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
          }
          expect(stratifiedFolds(labels, k, seed)).toEqual(folds);
        },
      ),
    );
  });
});

describe('Function: meanSd', () => {
  it('returns the mean and the sample standard deviation', () => {
    expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: Math.sqrt(32 / 7) });
    expect(meanSd([3])).toEqual({ mean: 3, sd: 0 });
  });
});
