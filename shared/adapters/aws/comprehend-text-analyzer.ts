import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageCommandOutput,
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesCommandOutput,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandOutput,
  type ComprehendClient,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import type { Sentiment, TextAnalysis, TextAnalyzer, TextDocument } from '../../ports/text-analyzer.ts';
import { serviceError, withRetry } from './errors.ts';

/** Comprehend's batch APIs take at most 25 documents per request. */
export const BATCH_SIZE = 25;
/** Each document must be fewer than 5,000 UTF-8 bytes. */
export const MAX_DOCUMENT_BYTES = 4_999;
/** Languages Comprehend scores for sentiment and key phrases; others go to the fallback analyzer. */
export const SUPPORTED_LANGUAGES = new Set([
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ar',
  'hi',
  'ja',
  'ko',
  'zh',
  'zh-TW',
]);

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes = MAX_DOCUMENT_BYTES): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Comprehend bills in 100-character units with a 3-unit minimum per document and API call. */
export const billedUnits = (text: string): number => Math.max(3, Math.ceil(text.length / 100));

const SENTIMENT: Record<string, Sentiment> = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
  MIXED: 'mixed',
};

export interface ComprehendTextAnalyzerOptions {
  readonly client: ComprehendClient;
  /** Scores documents Comprehend cannot (unsupported or undetected language, per-document errors). */
  readonly fallback: TextAnalyzer;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly maxAttempts?: number;
}

/**
 * AWS adapter of text analysis: dominant language first, then sentiment and key phrases per
 * language in batches of 25. Every input document gets exactly one analysis, in input order.
 */
export class ComprehendTextAnalyzer implements TextAnalyzer {
  readonly name = 'comprehend';
  private readonly options: ComprehendTextAnalyzerOptions;
  /** Billed units since this instance was created, for the run's log line. */
  billedUnits = 0;

  constructor(options: ComprehendTextAnalyzerOptions) {
    this.options = options;
  }

  async analyze(documents: readonly TextDocument[]): Promise<TextAnalysis[]> {
    const texts = documents.map((d) => truncateUtf8(d.text));
    const results: (TextAnalysis | undefined)[] = new Array(documents.length);
    const languages = await this.detectLanguages(texts);

    const byLanguage = new Map<string, number[]>();
    const fallbackIndexes: number[] = [];
    texts.forEach((text, i) => {
      const language = languages[i];
      if (text.trim() === '' || !language || !SUPPORTED_LANGUAGES.has(language)) fallbackIndexes.push(i);
      else byLanguage.set(language, [...(byLanguage.get(language) ?? []), i]);
    });

    for (const [language, indexes] of byLanguage) {
      for (let start = 0; start < indexes.length; start += BATCH_SIZE) {
        const batch = indexes.slice(start, start + BATCH_SIZE);
        const failed = await this.scoreBatch(language, batch, texts, documents, results);
        fallbackIndexes.push(...failed);
      }
    }

    if (fallbackIndexes.length > 0) {
      fallbackIndexes.sort((a, b) => a - b);
      const local = await this.options.fallback.analyze(fallbackIndexes.map((i) => documents[i]!));
      fallbackIndexes.forEach((docIndex, j) => {
        results[docIndex] = {
          ...local[j]!,
          id: documents[docIndex]!.id,
          language: languages[docIndex] ?? local[j]!.language,
        };
      });
    }
    return results as TextAnalysis[];
  }

  private retry<T>(work: () => Promise<T>): Promise<T> {
    return withRetry(work, {
      maxAttempts: this.options.maxAttempts ?? 6,
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
    });
  }

  private async detectLanguages(texts: readonly string[]): Promise<(string | undefined)[]> {
    const languages: (string | undefined)[] = new Array(texts.length);
    const nonEmpty = texts.map((t, i) => [t, i] as const).filter(([t]) => t.trim() !== '');
    for (let start = 0; start < nonEmpty.length; start += BATCH_SIZE) {
      const batch = nonEmpty.slice(start, start + BATCH_SIZE);
      let response: BatchDetectDominantLanguageCommandOutput;
      try {
        response = await this.retry(() =>
          this.options.client.send(
            new BatchDetectDominantLanguageCommand({ TextList: batch.map(([t]) => t) }),
          ),
        );
      } catch (error) {
        throw serviceError('Comprehend', 'BatchDetectDominantLanguage', error);
      }
      this.billedUnits += batch.reduce((n, [t]) => n + billedUnits(t), 0);
      for (const result of response.ResultList ?? []) {
        const best = [...(result.Languages ?? [])].sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0))[0];
        if (result.Index !== undefined && best?.LanguageCode)
          languages[batch[result.Index]![1]] = best.LanguageCode;
      }
    }
    return languages;
  }

  /** Scores one same-language batch; returns the document indexes Comprehend reported errors for. */
  private async scoreBatch(
    language: string,
    batch: readonly number[],
    texts: readonly string[],
    documents: readonly TextDocument[],
    results: (TextAnalysis | undefined)[],
  ): Promise<number[]> {
    const input = { TextList: batch.map((i) => texts[i]!), LanguageCode: language as LanguageCode };
    let sentiment: BatchDetectSentimentCommandOutput;
    let phrases: BatchDetectKeyPhrasesCommandOutput;
    try {
      [sentiment, phrases] = await Promise.all([
        this.retry(() => this.options.client.send(new BatchDetectSentimentCommand(input))),
        this.retry(() => this.options.client.send(new BatchDetectKeyPhrasesCommand(input))),
      ]);
    } catch (error) {
      throw serviceError('Comprehend', `batch scoring (${language})`, error);
    }
    this.billedUnits += 2 * batch.reduce((n, i) => n + billedUnits(texts[i]!), 0);
    const phrasesByIndex = new Map(
      (phrases.ResultList ?? []).map((r) => [
        r.Index,
        (r.KeyPhrases ?? []).map((k) => k.Text ?? '').filter(Boolean),
      ]),
    );
    for (const result of sentiment.ResultList ?? []) {
      if (result.Index === undefined) continue;
      const docIndex = batch[result.Index]!;
      const s = result.SentimentScore ?? {};
      results[docIndex] = {
        id: documents[docIndex]!.id,
        language,
        sentiment: SENTIMENT[result.Sentiment ?? 'NEUTRAL'] ?? 'neutral',
        scores: {
          positive: s.Positive ?? 0,
          negative: s.Negative ?? 0,
          neutral: s.Neutral ?? 0,
          mixed: s.Mixed ?? 0,
        },
        keyPhrases: phrasesByIndex.get(result.Index) ?? [],
        analyzer: this.name,
      };
    }
    // A per-document error (ErrorList) never drops the document: the fallback analyzer scores it.
    return batch.filter((docIndex) => results[docIndex] === undefined);
  }
}
