import { type Metrics, meanSd, scoreLabels, stratifiedFolds } from './evaluate.ts';
import { featuresOf, SentimentModel, type SerializedSentimentModel } from './model.ts';
import { type Featurizer, type LabelledText, serializeModel, trainWeights } from './train.ts';

/** What is tuned: the L2 penalty and how much a text from the target platform weighs in training. */
export interface Hyperparameters {
  readonly l2: number;
  /** Weight of each example from the target source (e.g. GitHub); the others weigh 1. */
  readonly targetWeight: number;
}

/** The search space: 3 × 3 settings, each cheap to train (a few seconds on one core). */
export const GRID: readonly Hyperparameters[] = [1e-4, 3e-5, 1e-5].flatMap((l2) =>
  [1, 3, 6].map((targetWeight) => ({ l2, targetWeight })),
);
/** Features kept in a stored model (by weight spread); measured: no macro-F1 change from 25 k to 10 k. */
export const MAX_FEATURES = 10_000;
export const MIN_COUNT = 2;

/** Trains on `examples` and returns the model exactly as it would be stored and loaded. */
export function fitModel(
  examples: readonly LabelledText[],
  target: string,
  hp: Hyperparameters,
  options: { name?: string; about?: Readonly<Record<string, unknown>>; featurize?: Featurizer } = {},
): SerializedSentimentModel {
  const trained = trainWeights(
    examples,
    { l2: hp.l2, sourceWeights: { [target]: hp.targetWeight }, minCount: MIN_COUNT },
    options.featurize ?? featuresOf,
  );
  return serializeModel(trained, {
    name: options.name ?? 'candidate',
    maxFeatures: MAX_FEATURES,
    ...(options.about ? { about: options.about } : {}),
  });
}

export function evaluateModel(model: SentimentModel, test: readonly LabelledText[]): Metrics {
  return scoreLabels(
    test.map((t) => t.label),
    test.map((t) => model.predict(t.text).label),
  );
}

export interface FoldResult {
  readonly hyperparameters: Hyperparameters;
  readonly metrics: Metrics;
}

/**
 * k-fold cross-validation on the target texts: each fold is held out in turn and the model is
 * trained on the other folds plus all of `extra` (texts from other platforms, never tested on).
 * `choose` picks the hyperparameters of each fold from its training texts only.
 */
export function crossValidate(
  target: readonly LabelledText[],
  extra: readonly LabelledText[],
  choose: (train: readonly LabelledText[]) => Hyperparameters,
  options: { folds: number; seed: number; featurize?: Featurizer; onFold?: (done: number) => void },
): FoldResult[] {
  const folds = stratifiedFolds(
    target.map((t) => t.label),
    options.folds,
    options.seed,
  );
  return folds.map((heldOut, f) => {
    const held = new Set(heldOut);
    const train = target.filter((_, i) => !held.has(i));
    const hyperparameters = choose(train);
    const model = SentimentModel.fromJSON(
      fitModel([...extra, ...train], target[0]?.source ?? '', hyperparameters, {
        ...(options.featurize ? { featurize: options.featurize } : {}),
      }),
    );
    const metrics = evaluateModel(
      model,
      heldOut.map((i) => target[i]!),
    );
    options.onFold?.(f + 1);
    return { hyperparameters, metrics };
  });
}

export interface Selection {
  readonly best: Hyperparameters;
  /** Mean macro-F1 of every setting tried, in grid order. */
  readonly table: readonly { readonly hyperparameters: Hyperparameters; readonly macroF1: number }[];
}

/**
 * The setting with the best mean macro-F1 over `folds`-fold cross-validation on `target` (with
 * `extra` always in training). Ties go to the earlier setting in the grid (more regularised,
 * then less weight on the target).
 */
export function selectHyperparameters(
  target: readonly LabelledText[],
  extra: readonly LabelledText[],
  options: { folds: number; seed: number; grid?: readonly Hyperparameters[]; featurize?: Featurizer },
): Selection {
  const table = (options.grid ?? GRID).map((hyperparameters) => ({
    hyperparameters,
    macroF1: meanSd(
      crossValidate(target, extra, () => hyperparameters, options).map((r) => r.metrics.macroF1),
    ).mean,
  }));
  const best = table.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a)).hyperparameters;
  return { best, table };
}
