export type Sentiment = 'positive' | 'negative' | 'neutral' | 'mixed';

export interface TextDocument {
  readonly id: string;
  readonly text: string;
}

export interface SentimentScores {
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
  readonly mixed: number;
}

export interface TextAnalysis {
  readonly id: string;
  /** Dominant language code (e.g. `en`), or null when it could not be told. */
  readonly language: string | null;
  readonly sentiment: Sentiment;
  readonly scores: SentimentScores;
  readonly keyPhrases: readonly string[];
  /** What produced the analysis: `comprehend` or the local model's name and version. */
  readonly analyzer: string;
}

/**
 * Port: sentiment and key phrases for a batch of texts (Comprehend on AWS, an in-process model locally).
 * Returns one analysis per input document, in input order; never drops a document.
 */
export interface TextAnalyzer {
  readonly name: string;
  analyze(documents: readonly TextDocument[]): Promise<TextAnalysis[]>;
}
