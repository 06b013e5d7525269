import {
  BatchDetectDominantLanguageCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  type BatchItemError,
  type ComprehendClient,
  type KeyPhrase,
  type LanguageCode,
  type SentimentScore,
  type SentimentType,
} from '@aws-sdk/client-comprehend';
import type { Sentiment, TextAnalysis, TextAnalyzer, TextDocument } from '../../ports/text-analyzer.ts';
import { isRetryable, realSleep, serviceError, withRetry } from './errors.ts';

/** Comprehend's batch APIs take at most 25 documents per request. */
export const BATCH_SIZE = 25;
/**
 * Batch documents must be "fewer than 5,000 bytes of UTF-8 encoded characters" (older API docs) /
 * "at most 5 KB" (newer ones): 4,999 bytes satisfies both.
 */
export const MAX_DOCUMENT_BYTES = 4_999;
/** Key phrases kept per document, highest Comprehend score first. */
export const MAX_KEY_PHRASES = 10;
/**
 * Languages Comprehend scores for sentiment and key phrases (the "supported languages" table: both
 * features support all of them). Anything else that language detection returns goes to the fallback.
 */
export const SUPPORTED_LANGUAGES: ReadonlySet<string> = new Set<LanguageCode>([
  'ar',
  'de',
  'en',
  'es',
  'fr',
  'hi',
  'it',
  'ja',
  'ko',
  'pt',
  'zh',
  'zh-TW',
]);

/** Batch-level errors that no retry fixes but the fallback analyzer can: its documents go there. */
const FALLBACK_ERRORS = new Set(['UnsupportedLanguageException', 'TextSizeLimitExceededException']);
/** Per-document error codes no retry fixes (anything else is retried once before the fallback). */
const PERMANENT_ITEM_ERROR = /UNSUPPORTED|SIZE|LENGTH|INVALID/i;

/** UTF-8 length of one code point (lone surrogates count as the 3-byte U+FFFD they are sent as). */
const utf8Length = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * The longest prefix of `text` whose UTF-8 encoding is at most `maxBytes`, cut on a code-point
 * boundary: a multi-byte character or a surrogate pair is kept whole or left out, never split.
 *
 * @example truncateUtf8('héllo', 2) // 'h' — 'é' takes two bytes and does not fit after 'h'
 */
export function truncateUtf8(text: string, maxBytes: number = MAX_DOCUMENT_BYTES): string {
  // Fast path: UTF-8 never takes more than 3 bytes per UTF-16 code unit.
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char.codePointAt(0)!);
    if (bytes + size > maxBytes) return text.slice(0, end);
    bytes += size;
    end += char.length;
  }
  return text;
}

/**
 * Comprehend's billing units for one document in one API call: 100-character units, at least 3
 * (300 characters) per request — counted per document, as each document in a batch is billed.
 */
export function billingUnits(text: string): number {
  let characters = 0;
  for (const _ of text) characters++;
  return Math.max(3, Math.ceil(characters / 100));
}

const SENTIMENT: Record<SentimentType, Sentiment> = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
  MIXED: 'mixed',
};

export interface ComprehendTextAnalyzerOptions {
  readonly client: ComprehendClient;
  /** Scores what Comprehend cannot: unsupported or undetected languages, empty texts, per-document errors. */
  readonly fallback: TextAnalyzer;
  /** Waits between throttling retries (tests pass a no-op). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (tests pass a constant). */
  readonly random?: () => number;
  /** Retries of a throttled or 5xx request after the first attempt; default 5. */
  readonly maxRetries?: number;
}

/** One batch API's answer for one document: a result, or no result (error that survived a retry). */
type ItemResults<R> = (R | undefined)[];

interface BatchOutput<R> {
  ResultList?: (R & { Index?: number })[] | undefined;
  ErrorList?: BatchItemError[] | undefined;
}

/**
 * AWS adapter of text analysis. Dominant language first (batches of 25), then documents grouped by
 * language get BatchDetectSentiment and BatchDetectKeyPhrases (batches of 25, with LanguageCode).
 * Every input document gets exactly one analysis, in input order: per-document errors are retried
 * once and then scored by the fallback analyzer, as are empty texts and unsupported languages.
 */
export class ComprehendTextAnalyzer implements TextAnalyzer {
  readonly name = 'comprehend';
  private readonly client: ComprehendClient;
  private readonly fallback: TextAnalyzer;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxRetries: number;
  private units = 0;

  constructor(options: ComprehendTextAnalyzerOptions) {
    const maxRetries = options.maxRetries ?? 5;
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20)
      throw new RangeError(`maxRetries must be an integer from 0 to 20, got ${maxRetries}`);
    this.client = options.client;
    this.fallback = options.fallback;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.maxRetries = maxRetries;
  }

  /**
   * Comprehend units sent by this instance so far (per document and API, 3-unit minimum), for the
   * run's log line. An estimate of the bill from above: every document of every answered request counts.
   */
  get billedUnits(): number {
    return this.units;
  }

  async analyze(documents: readonly TextDocument[]): Promise<TextAnalysis[]> {
    const texts = documents.map((d) => truncateUtf8(d.text));
    const scorable = texts.flatMap((text, i) => (text.trim() === '' ? [] : [i]));
    const languages = await this.detectLanguages(texts, scorable);

    const results: (TextAnalysis | undefined)[] = new Array(documents.length);
    const byLanguage = Map.groupBy(
      scorable.filter((i) => SUPPORTED_LANGUAGES.has(languages[i] ?? '')),
      (i) => languages[i] as LanguageCode,
    );
    for (const [language, indexes] of byLanguage) {
      for (let start = 0; start < indexes.length; start += BATCH_SIZE) {
        const batch = indexes.slice(start, start + BATCH_SIZE);
        const scored = await this.scoreBatch(
          language,
          batch.map((i) => texts[i]!),
        );
        batch.forEach((docIndex, j) => {
          const item = scored[j];
          if (item)
            results[docIndex] = { id: documents[docIndex]!.id, language, ...item, analyzer: this.name };
        });
      }
    }

    // Everything Comprehend did not score: empty, unsupported or undetected language, item errors.
    const rest = documents.flatMap((_, i) => (results[i] ? [] : [i]));
    if (rest.length > 0) {
      const local = await this.fallback.analyze(rest.map((i) => documents[i]!));
      if (local.length !== rest.length)
        throw new Error(
          `Fallback ${this.fallback.name} returned ${local.length} analyses for ${rest.length}`,
        );
      rest.forEach((docIndex, j) => {
        results[docIndex] = {
          ...local[j]!,
          id: documents[docIndex]!.id,
          // Comprehend's detection (e.g. `sw`) is better evidence than the fallback's guess.
          language: languages[docIndex] ?? local[j]!.language,
        };
      });
    }
    return results as TextAnalysis[];
  }

  /** Dominant language per document index (undefined when not detected). */
  private async detectLanguages(
    texts: readonly string[],
    indexes: readonly number[],
  ): Promise<(string | undefined)[]> {
    const languages: (string | undefined)[] = new Array(texts.length);
    for (let start = 0; start < indexes.length; start += BATCH_SIZE) {
      const batch = indexes.slice(start, start + BATCH_SIZE);
      const detected = await this.runBatch(
        'BatchDetectDominantLanguage',
        batch.map((i) => texts[i]!),
        (TextList) => this.client.send(new BatchDetectDominantLanguageCommand({ TextList })),
      );
      batch.forEach((docIndex, j) => {
        const candidates = detected[j]?.Languages ?? [];
        const best = candidates.reduce<(typeof candidates)[number] | undefined>(
          (a, b) => (!a || (b.Score ?? 0) > (a.Score ?? 0) ? b : a),
          undefined,
        );
        languages[docIndex] = best?.LanguageCode;
      });
    }
    return languages;
  }

  /** Sentiment and key phrases for one same-language batch; undefined where either failed. */
  private async scoreBatch(
    language: LanguageCode,
    texts: string[],
  ): Promise<(Pick<TextAnalysis, 'sentiment' | 'scores' | 'keyPhrases'> | undefined)[]> {
    const [sentiments, phrases] = await Promise.all([
      this.runBatch(`BatchDetectSentiment (${language})`, texts, (TextList) =>
        this.client.send(new BatchDetectSentimentCommand({ TextList, LanguageCode: language })),
      ),
      this.runBatch(`BatchDetectKeyPhrases (${language})`, texts, (TextList) =>
        this.client.send(new BatchDetectKeyPhrasesCommand({ TextList, LanguageCode: language })),
      ),
    ]);
    return texts.map((_, j) => {
      const sentiment = sentiments[j];
      const keyPhrases = phrases[j];
      if (!sentiment?.Sentiment || !keyPhrases) return undefined;
      return {
        sentiment: SENTIMENT[sentiment.Sentiment] ?? 'neutral',
        scores: toScores(sentiment.SentimentScore),
        keyPhrases: topPhrases(keyPhrases.KeyPhrases ?? []),
      };
    });
  }

  /**
   * Sends one batch (throttling and 5xx retried with backoff) and maps `ResultList` back to input
   * positions by `Index`. Documents in `ErrorList` (or missing from both lists) are sent once more,
   * together; what still fails is left undefined for the fallback.
   */
  private async runBatch<R>(
    operation: string,
    texts: readonly string[],
    send: (textList: string[]) => Promise<BatchOutput<R>>,
  ): Promise<ItemResults<R>> {
    const results: ItemResults<R> = new Array(texts.length);
    const attempt = async (positions: readonly number[]): Promise<number[]> => {
      const textList = positions.map((p) => texts[p]!);
      let output: BatchOutput<R>;
      try {
        output = await withRetry(() => send(textList), {
          maxAttempts: this.maxRetries + 1,
          sleep: this.sleep,
          random: this.random,
        });
      } catch (error) {
        // A whole batch in an unsupported language or too long: the fallback can still score it.
        if (!isRetryable(error) && FALLBACK_ERRORS.has((error as Error)?.name)) return [];
        throw serviceError('Comprehend', operation, error);
      }
      this.units += textList.reduce((n, t) => n + billingUnits(t), 0);
      for (const item of output.ResultList ?? []) {
        const position = item.Index === undefined ? undefined : positions[item.Index];
        if (position !== undefined) results[position] = item;
      }
      const permanent = new Set(
        (output.ErrorList ?? [])
          .filter((e) => PERMANENT_ITEM_ERROR.test(e.ErrorCode ?? ''))
          .map((e) => (e.Index === undefined ? undefined : positions[e.Index])),
      );
      return positions.filter((p) => results[p] === undefined && !permanent.has(p));
    };
    const failed = await attempt(texts.map((_, i) => i));
    if (failed.length > 0) await attempt(failed);
    return results;
  }
}

function toScores(score: SentimentScore | undefined): TextAnalysis['scores'] {
  return {
    positive: score?.Positive ?? 0,
    negative: score?.Negative ?? 0,
    neutral: score?.Neutral ?? 0,
    mixed: score?.Mixed ?? 0,
  };
}

/** The highest-scoring distinct phrases (case-insensitive), at most `MAX_KEY_PHRASES`. */
function topPhrases(phrases: readonly KeyPhrase[]): string[] {
  const seen = new Set<string>();
  const chosen: string[] = [];
  for (const phrase of [...phrases].sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0))) {
    const text = phrase.Text?.trim();
    if (!text || seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    chosen.push(text);
    if (chosen.length === MAX_KEY_PHRASES) break;
  }
  return chosen;
}
