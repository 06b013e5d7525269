import { Random } from '../demo/random.ts';
import { LABELS, type SentimentLabel } from './model.ts';

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Metrics {
  readonly macroF1: number;
  readonly accuracy: number;
  readonly perClass: Readonly<Record<SentimentLabel, ClassMetrics>>;
  /** `confusion[actual][predicted]` counts. */
  readonly confusion: Readonly<Record<SentimentLabel, Readonly<Record<SentimentLabel, number>>>>;
}

const zeroRow = () => Object.fromEntries(LABELS.map((l) => [l, 0])) as Record<SentimentLabel, number>;

/**
 * Precision, recall and F1 per class, macro-F1 (the unweighted mean of the three F1s, the figure
 * SE sentiment papers report) and accuracy.
 *
 * @example scoreLabels(['positive', 'neutral'], ['positive', 'negative']).accuracy // 0.5
 */
export function scoreLabels(
  actual: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
): Metrics {
  if (actual.length !== predicted.length) throw new RangeError('actual and predicted differ in length');
  const confusion = Object.fromEntries(LABELS.map((l) => [l, zeroRow()])) as Record<
    SentimentLabel,
    Record<SentimentLabel, number>
  >;
  actual.forEach((a, i) => {
    confusion[a][predicted[i]!]++;
  });
  const perClass = Object.fromEntries(
    LABELS.map((label) => {
      const tp = confusion[label][label];
      const support = LABELS.reduce((n, p) => n + confusion[label][p], 0);
      const predictedCount = LABELS.reduce((n, a) => n + confusion[a][label], 0);
      const precision = predictedCount > 0 ? tp / predictedCount : 0;
      const recall = support > 0 ? tp / support : 0;
      const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      return [label, { precision, recall, f1, support }];
    }),
  ) as Record<SentimentLabel, ClassMetrics>;
  const correct = LABELS.reduce((n, l) => n + confusion[l][l], 0);
  return {
    macroF1: LABELS.reduce((s, l) => s + perClass[l].f1, 0) / LABELS.length,
    accuracy: actual.length > 0 ? correct / actual.length : 0,
    perClass,
    confusion,
  };
}

/**
 * `k` folds with each class spread evenly over them (seeded, so the same split on every run).
 * Returns, for each fold, the indices of the items it holds out.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[][] {
  const folds: number[][] = Array.from({ length: k }, () => []);
  const random = new Random(seed);
  const byLabel = Map.groupBy(
    labels.map((label, i) => ({ label, i })),
    (x) => x.label,
  );
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const { i } of random.shuffle(byLabel.get(label)!)) {
      folds[next]!.push(i);
      next = (next + 1) % k;
    }
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** Mean and sample standard deviation. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}
