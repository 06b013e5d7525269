import { keyPhrases } from '../../feedback/key-phrases.ts';
import { detectLanguage } from '../../feedback/language.ts';
import type { TextAnalysis, TextAnalyzer, TextDocument } from '../../ports/text-analyzer.ts';
// The model ships inside the code (a JSON module): bundled into the Lambda, no file path, no network.
import shipped from '../../sentiment/model/local-sentiment-v2.json' with { type: 'json' };
import { SentimentModel } from '../../sentiment/model.ts';

let shippedModel: SentimentModel | undefined;

/** The model trained by `npm run train:sentiment`, parsed once per process (about 10 ms). */
export function shippedSentimentModel(): SentimentModel {
  shippedModel ??= SentimentModel.fromJSON(shipped);
  return shippedModel;
}

/**
 * The embedded text analyzer: sentiment from a model trained on labelled GitHub and Stack Overflow
 * texts (see README, "Sentiment model"), RAKE-style key phrases and a crude English check, all on
 * text with code, logs, URLs and quoted replies removed. Deterministic and in-process.
 *
 * The model knows three classes, so `mixed` is always 0; it is trained on English only.
 */
export class ModelTextAnalyzer implements TextAnalyzer {
  readonly name: string;
  readonly #model: SentimentModel;

  constructor(model: SentimentModel = shippedSentimentModel()) {
    this.#model = model;
    this.name = model.name;
  }

  async analyze(documents: readonly TextDocument[]): Promise<TextAnalysis[]> {
    return documents.map((doc) => {
      const { label, scores } = this.#model.predict(doc.text);
      return {
        id: doc.id,
        language: detectLanguage(doc.text),
        sentiment: label,
        scores: { ...scores, mixed: 0 },
        keyPhrases: keyPhrases(doc.text),
        analyzer: this.name,
      };
    });
  }
}
