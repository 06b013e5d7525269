import { DataHubError } from '../errors/index.ts';
import { cleanDeveloperText } from '../feedback/clean-text.ts';
import { extractFeatures } from './features.ts';

/** The classes, in the order of every weight row and score vector. */
export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof LABELS)[number];
export type LabelScores = Record<SentimentLabel, number>;

export const MODEL_FORMAT = 'odh-sentiment-linear/1';

/**
 * A trained model as stored in the project: JSON with a few long strings rather than large arrays,
 * so it parses fast and type-checks cheaply when imported.
 */
export interface SerializedSentimentModel {
  readonly format: typeof MODEL_FORMAT;
  /** Analyzer name and version, e.g. `local-sentiment-v2`. */
  readonly name: string;
  readonly labels: readonly SentimentLabel[];
  /** Feature names, one per line, in weight-row order. */
  readonly features: string;
  /** Little-endian int16 weights, `labels.length` per feature, base64; weight = value × `scale`. */
  readonly weights: string;
  readonly scale: number;
  readonly bias: readonly number[];
  /** How it was trained and what it measured: free-form, for people. */
  readonly about?: Readonly<Record<string, unknown>>;
}

/** Features of raw developer text: cleaned first, so code and logs do not count as opinion. */
export function featuresOf(text: string): string[] {
  return extractFeatures(cleanDeveloperText(text), text);
}

/**
 * The value of each present feature: binary features scaled so that a text's vector has unit length.
 * The length counts every feature extracted, known to the model or not, so pruning a model's
 * vocabulary does not change the values of the features it keeps.
 */
export const featureValue = (features: readonly string[]): number =>
  1 / Math.sqrt(Math.max(1, features.length));

/** Softmax of raw class scores, in place. */
export function softmax(scores: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k]! - max);
    sum += scores[k]!;
  }
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
  return scores;
}

/** A model file that is not a model this code can read (wrong format, version or shape). */
export class ModelFormatError extends DataHubError {
  constructor(message: string) {
    super(message, { retryable: false });
  }
}

/**
 * A multinomial logistic-regression sentiment model over word, bigram and character n-gram features
 * of cleaned developer text. Build it from its serialized form (an imported JSON module, or bytes an
 * adapter read): the model itself never touches the file system or the network.
 *
 * @example SentimentModel.fromJSON(json).predict('LGTM, thanks!').label // 'positive'
 */
export class SentimentModel {
  readonly name: string;
  readonly about: Readonly<Record<string, unknown>>;
  readonly #index: Map<string, number>;
  readonly #weights: Float32Array;
  readonly #bias: Float64Array;

  private constructor(model: SerializedSentimentModel) {
    this.name = model.name;
    this.about = model.about ?? {};
    const names = model.features === '' ? [] : model.features.split('\n');
    this.#index = new Map(names.map((name, i) => [name, i]));
    const bytes = Buffer.from(model.weights, 'base64');
    const k = LABELS.length;
    if (bytes.length !== names.length * k * 2)
      throw new ModelFormatError(`${model.name}: ${names.length} features need ${names.length * k} weights`);
    this.#weights = new Float32Array(names.length * k);
    for (let i = 0; i < this.#weights.length; i++) this.#weights[i] = bytes.readInt16LE(i * 2) * model.scale;
    this.#bias = Float64Array.from(model.bias);
  }

  /** Checks the shape of a parsed model file and builds the model. */
  static fromJSON(json: unknown): SentimentModel {
    const m = json as Partial<SerializedSentimentModel> | null;
    if (
      typeof m !== 'object' ||
      m === null ||
      m.format !== MODEL_FORMAT ||
      typeof m.name !== 'string' ||
      typeof m.features !== 'string' ||
      typeof m.weights !== 'string' ||
      typeof m.scale !== 'number' ||
      !Array.isArray(m.bias) ||
      m.bias.length !== LABELS.length ||
      m.labels?.join() !== LABELS.join()
    )
      throw new ModelFormatError(`Not a ${MODEL_FORMAT} sentiment model`);
    return new SentimentModel(m as SerializedSentimentModel);
  }

  get featureCount(): number {
    return this.#index.size;
  }

  /** Class probabilities of one text (raw developer text: it is cleaned here). */
  scores(text: string): LabelScores {
    const k = LABELS.length;
    const raw = Float64Array.from(this.#bias);
    const features = featuresOf(text);
    // Nothing but code, logs or quotes: nothing said, so nothing felt.
    if (features.length === 0) return { negative: 0, neutral: 1, positive: 0 };
    const value = featureValue(features);
    for (const name of features) {
      const i = this.#index.get(name);
      if (i === undefined) continue;
      for (let c = 0; c < k; c++) raw[c]! += this.#weights[i * k + c]! * value;
    }
    const p = softmax(raw);
    return { negative: p[0]!, neutral: p[1]!, positive: p[2]! };
  }

  /** The most probable label and all three probabilities. */
  predict(text: string): { label: SentimentLabel; scores: LabelScores } {
    const scores = this.scores(text);
    const label = LABELS.reduce(
      (best, l) => (scores[l] > scores[best] ? l : best),
      'neutral' as SentimentLabel,
    );
    return { label, scores };
  }
}
