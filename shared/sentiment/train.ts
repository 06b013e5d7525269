import { getOrCreate } from '../util/collections.ts';
import { minimize } from './lbfgs.ts';
import {
  featuresOf,
  featureValue,
  LABELS,
  MODEL_FORMAT,
  type SentimentLabel,
  type SerializedSentimentModel,
  softmax,
} from './model.ts';

export interface LabelledText {
  readonly text: string;
  readonly label: SentimentLabel;
  /** Where it comes from (e.g. `github`, `stackoverflow`): training can weigh sources differently. */
  readonly source: string;
}

export interface TrainOptions {
  /** L2 penalty on the weights (not on the biases). */
  readonly l2: number;
  /** Weight of each example by source; sources not named weigh 1. */
  readonly sourceWeights?: Readonly<Record<string, number>>;
  /** A feature is kept when it occurs in at least this many training texts. @default 2 */
  readonly minCount?: number;
  /** @default 300 */
  readonly maxIterations?: number;
}

/** Feature extraction is most of the cost of training: cross-validation runs reuse it by text. */
export type Featurizer = (text: string) => readonly string[];

export function cachedFeaturizer(): Featurizer {
  const cache = new Map<string, readonly string[]>();
  return (text) => getOrCreate(cache, text, () => featuresOf(text));
}

/** A trained model before it is stored: full-precision weights, `LABELS.length` per feature. */
export interface TrainedWeights {
  readonly features: readonly string[];
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly iterations: number;
}

/**
 * Fits multinomial logistic regression by L-BFGS on the features of `examples`:
 * minimises the weighted mean cross-entropy plus `l2`/2 · ‖W‖². Deterministic.
 */
export function trainWeights(
  examples: readonly LabelledText[],
  options: TrainOptions,
  featurize: Featurizer = featuresOf,
): TrainedWeights {
  const { minCount = 2, maxIterations = 300 } = options;
  const k = LABELS.length;
  // A text with no features (nothing left after cleaning) is scored neutral by rule, not learned from.
  const usable = examples
    .map((example) => ({ example, features: featurize(example.text) }))
    .filter((x) => x.features.length > 0);
  const extracted = usable.map((x) => x.features);

  const counts = new Map<string, number>();
  for (const f of extracted) for (const name of f) counts.set(name, (counts.get(name) ?? 0) + 1);
  const features = [...counts].filter(([, n]) => n >= minCount).map(([name]) => name);
  features.sort();
  const index = new Map(features.map((name, i) => [name, i]));

  // Compressed sparse rows of the design matrix.
  const offsets = new Int32Array(usable.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  extracted.forEach((f, row) => {
    const value = featureValue(f);
    for (const name of f) {
      const i = index.get(name);
      if (i === undefined) continue;
      columns.push(i);
      values.push(value);
    }
    offsets[row + 1] = columns.length;
  });
  const cols = Int32Array.from(columns);
  const vals = Float64Array.from(values);
  const labels = Int32Array.from(usable, (x) => LABELS.indexOf(x.example.label));
  const sampleWeights = Float64Array.from(usable, (x) => options.sourceWeights?.[x.example.source] ?? 1);
  const totalWeight = sampleWeights.reduce((a, b) => a + b, 0);

  const nWeights = features.length * k;
  const scores = new Float64Array(k);
  const objective = (x: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < usable.length; row++) {
      for (let c = 0; c < k; c++) scores[c] = x[nWeights + c]!;
      for (let p = offsets[row]!; p < offsets[row + 1]!; p++) {
        const base = cols[p]! * k;
        const v = vals[p]!;
        for (let c = 0; c < k; c++) scores[c]! += x[base + c]! * v;
      }
      softmax(scores);
      const w = sampleWeights[row]! / totalWeight;
      loss -= w * Math.log(Math.max(scores[labels[row]!]!, 1e-300));
      scores[labels[row]!]! -= 1;
      for (let c = 0; c < k; c++) scores[c]! *= w;
      for (let p = offsets[row]!; p < offsets[row + 1]!; p++) {
        const base = cols[p]! * k;
        const v = vals[p]!;
        for (let c = 0; c < k; c++) gradient[base + c]! += scores[c]! * v;
      }
      for (let c = 0; c < k; c++) gradient[nWeights + c]! += scores[c]!;
    }
    let penalty = 0;
    for (let j = 0; j < nWeights; j++) {
      penalty += x[j]! * x[j]!;
      gradient[j]! += options.l2 * x[j]!;
    }
    return loss + (options.l2 / 2) * penalty;
  };
  const result = minimize(objective, new Float64Array(nWeights + k), { maxIterations });
  return {
    features,
    weights: result.x.subarray(0, nWeights),
    bias: result.x.slice(nWeights),
    iterations: result.iterations,
  };
}

export interface SerializeOptions {
  readonly name: string;
  /** Keep at most this many features, those with the largest weight spread across classes. */
  readonly maxFeatures?: number;
  readonly about?: Readonly<Record<string, unknown>>;
}

/**
 * The stored form of trained weights: features whose weights barely differ between classes are
 * dropped (adding the same amount to every class changes no probability), and the rest are
 * quantised to 16 bits.
 */
export function serializeModel(trained: TrainedWeights, options: SerializeOptions): SerializedSentimentModel {
  const k = LABELS.length;
  const spread = trained.features.map((_, i) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      lo = Math.min(lo, trained.weights[i * k + c]!);
      hi = Math.max(hi, trained.weights[i * k + c]!);
    }
    return hi - lo;
  });
  const order = trained.features.map((_, i) => i).filter((i) => spread[i]! > 0);
  order.sort((a, b) => spread[b]! - spread[a]! || (trained.features[a]! < trained.features[b]! ? -1 : 1));
  const kept = order.slice(0, options.maxFeatures ?? order.length).sort((a, b) => a - b);

  // Centre each feature's weights: only their differences matter, and centred values quantise better.
  const centred = new Float64Array(kept.length * k);
  kept.forEach((i, row) => {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += trained.weights[i * k + c]! / k;
    for (let c = 0; c < k; c++) centred[row * k + c] = trained.weights[i * k + c]! - mean;
  });
  const largest = centred.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
  const scale = largest > 0 ? largest / 32767 : 1;
  const bytes = Buffer.alloc(centred.length * 2);
  for (let j = 0; j < centred.length; j++) bytes.writeInt16LE(Math.round(centred[j]! / scale), j * 2);
  return {
    format: MODEL_FORMAT,
    name: options.name,
    labels: [...LABELS],
    features: kept.map((i) => trained.features[i]).join('\n'),
    weights: bytes.toString('base64'),
    scale,
    bias: [...trained.bias],
    ...(options.about ? { about: options.about } : {}),
  };
}
