import {
  BatchDetectDominantLanguageCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  ComprehendClient,
  ComprehendServiceException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  billingUnits,
  ComprehendTextAnalyzer,
  MAX_DOCUMENT_BYTES,
  truncateUtf8,
} from '../../../shared/adapters/aws/comprehend-text-analyzer.ts';
import { ServiceError } from '../../../shared/errors/index.ts';
import type { TextAnalysis, TextAnalyzer, TextDocument } from '../../../shared/ports/text-analyzer.ts';

const comprehend = mockClient(ComprehendClient);

afterEach(() => {
  comprehend.reset();
});

/** A fallback that records what it was asked to score and answers with a recognisable analysis. */
class RecordingFallback implements TextAnalyzer {
  readonly name = 'fake-local-v0';
  readonly calls: TextDocument[][] = [];
  async analyze(documents: readonly TextDocument[]): Promise<TextAnalysis[]> {
    this.calls.push([...documents]);
    return documents.map((d) => ({
      id: d.id,
      language: null,
      sentiment: 'neutral',
      scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
      keyPhrases: ['local'],
      analyzer: this.name,
    }));
  }
}

const setup = (options: { maxRetries?: number } = {}) => {
  const fallback = new RecordingFallback();
  const sleeps: number[] = [];
  const analyzer = new ComprehendTextAnalyzer({
    client: new ComprehendClient({ region: 'eu-west-1' }),
    fallback,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { analyzer, fallback, sleeps };
};

const docs = (n: number, text = (i: number) => `Odigos works great for service number ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `d${i}`, text: text(i) }));

const positiveScore = { Positive: 0.9, Negative: 0.02, Neutral: 0.07, Mixed: 0.01 };

/** Answers every batch call with one result per input document, in the given language. */
function answerAll(language = 'en') {
  comprehend.on(BatchDetectDominantLanguageCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Languages: [
        { LanguageCode: 'fr', Score: 0.01 },
        { LanguageCode: language, Score: 0.98 },
      ],
    })),
    ErrorList: [],
  }));
  comprehend.on(BatchDetectSentimentCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Sentiment: 'POSITIVE',
      SentimentScore: positiveScore,
    })),
    ErrorList: [],
  }));
  comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      KeyPhrases: [
        { Text: 'service', Score: 0.8, BeginOffset: 0, EndOffset: 7 },
        { Text: 'Odigos', Score: 0.99, BeginOffset: 0, EndOffset: 6 },
        { Text: 'odigos', Score: 0.5, BeginOffset: 0, EndOffset: 6 },
      ],
    })),
    ErrorList: [],
  }));
}

const throttled = () =>
  new ComprehendServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });

describe('Class: ComprehendTextAnalyzer', () => {
  describe('Method: analyze', () => {
    it('detects the language, then scores 60 documents in batches of 25, 25 and 10', async () => {
      // Prepare
      answerAll();
      const { analyzer, fallback } = setup();
      const input = docs(60);

      // Act
      const results = await analyzer.analyze(input);

      // Assess
      const sizes = (command: typeof BatchDetectSentimentCommand | typeof BatchDetectKeyPhrasesCommand) =>
        comprehend.commandCalls(command).map((c) => c.args[0].input.TextList?.length);
      expect(
        comprehend.commandCalls(BatchDetectDominantLanguageCommand).map((c) => c.args[0].input.TextList),
      ).toEqual([
        input.slice(0, 25).map((d) => d.text),
        input.slice(25, 50).map((d) => d.text),
        input.slice(50).map((d) => d.text),
      ]);
      expect(sizes(BatchDetectSentimentCommand)).toEqual([25, 25, 10]);
      expect(sizes(BatchDetectKeyPhrasesCommand)).toEqual([25, 25, 10]);
      expect(comprehend).toHaveReceivedNthCommandWith(BatchDetectSentimentCommand, 3, {
        LanguageCode: 'en',
        TextList: input.slice(50).map((d) => d.text),
      });
      expect(comprehend).toHaveReceivedNthCommandWith(BatchDetectKeyPhrasesCommand, 1, {
        LanguageCode: 'en',
        TextList: input.slice(0, 25).map((d) => d.text),
      });
      expect(fallback.calls).toEqual([]);
      expect(results.map((r) => r.id)).toEqual(input.map((d) => d.id));
      expect(results[59]).toEqual({
        id: 'd59',
        language: 'en',
        sentiment: 'positive',
        scores: { positive: 0.9, negative: 0.02, neutral: 0.07, mixed: 0.01 },
        keyPhrases: ['Odigos', 'service'],
        analyzer: 'comprehend',
      });
    });

    it('groups documents by detected language and sends each group with its LanguageCode', async () => {
      answerAll();
      comprehend.on(BatchDetectDominantLanguageCommand).resolves({
        ResultList: [
          { Index: 0, Languages: [{ LanguageCode: 'de', Score: 0.99 }] },
          { Index: 1, Languages: [{ LanguageCode: 'en', Score: 0.99 }] },
          { Index: 2, Languages: [{ LanguageCode: 'de', Score: 0.97 }] },
        ],
        ErrorList: [],
      });
      const { analyzer } = setup();

      const results = await analyzer.analyze([
        { id: 'a', text: 'Die Instrumentierung funktioniert super' },
        { id: 'b', text: 'The instrumentation works great' },
        { id: 'c', text: 'Danke für das schnelle Release' },
      ]);

      expect(comprehend.commandCalls(BatchDetectSentimentCommand).map((c) => c.args[0].input)).toEqual([
        {
          LanguageCode: 'de',
          TextList: ['Die Instrumentierung funktioniert super', 'Danke für das schnelle Release'],
        },
        { LanguageCode: 'en', TextList: ['The instrumentation works great'] },
      ]);
      expect(results.map((r) => [r.id, r.language])).toEqual([
        ['a', 'de'],
        ['b', 'en'],
        ['c', 'de'],
      ]);
    });

    it('maps every Comprehend sentiment and follows ResultList indexes, not list order', async () => {
      answerAll();
      comprehend.on(BatchDetectSentimentCommand).resolves({
        // Out of order on purpose: Index, not position, says which document a result belongs to.
        ResultList: [
          {
            Index: 3,
            Sentiment: 'MIXED',
            SentimentScore: { Positive: 0.3, Negative: 0.3, Neutral: 0.1, Mixed: 0.3 },
          },
          { Index: 0, Sentiment: 'POSITIVE', SentimentScore: positiveScore },
          {
            Index: 2,
            Sentiment: 'NEUTRAL',
            SentimentScore: { Positive: 0, Negative: 0, Neutral: 1, Mixed: 0 },
          },
          {
            Index: 1,
            Sentiment: 'NEGATIVE',
            SentimentScore: { Positive: 0, Negative: 1, Neutral: 0, Mixed: 0 },
          },
        ],
        ErrorList: [],
      });
      const { analyzer } = setup();

      const results = await analyzer.analyze(docs(4));

      expect(results.map((r) => [r.id, r.sentiment])).toEqual([
        ['d0', 'positive'],
        ['d1', 'negative'],
        ['d2', 'neutral'],
        ['d3', 'mixed'],
      ]);
      expect(results[3]!.scores).toEqual({ positive: 0.3, negative: 0.3, neutral: 0.1, mixed: 0.3 });
    });

    it('cuts long documents below 5,000 UTF-8 bytes before sending them', async () => {
      answerAll();
      const { analyzer } = setup();

      await analyzer.analyze([{ id: 'long', text: 'é'.repeat(4000) }]);

      const sent = comprehend.commandCalls(BatchDetectSentimentCommand)[0]!.args[0].input.TextList![0]!;
      expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
      expect(sent).toBe('é'.repeat(2499));
      expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)[0]!.args[0].input.TextList).toEqual([
        sent,
      ]);
    });

    it('retries documents from the ErrorList once, in one request, and keeps their results', async () => {
      answerAll();
      comprehend
        .on(BatchDetectSentimentCommand)
        .resolvesOnce({
          ResultList: [{ Index: 0, Sentiment: 'NEGATIVE', SentimentScore: positiveScore }],
          ErrorList: [
            { Index: 1, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'oops' },
            { Index: 2, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'oops' },
          ],
        })
        .resolvesOnce({
          ResultList: [
            { Index: 0, Sentiment: 'POSITIVE', SentimentScore: positiveScore },
            { Index: 1, Sentiment: 'NEUTRAL', SentimentScore: positiveScore },
          ],
          ErrorList: [],
        });
      const { analyzer, fallback } = setup();
      const input = docs(3);

      const results = await analyzer.analyze(input);

      expect(
        comprehend.commandCalls(BatchDetectSentimentCommand).map((c) => c.args[0].input.TextList),
      ).toEqual([input.map((d) => d.text), [input[1]!.text, input[2]!.text]]);
      expect(results.map((r) => [r.id, r.sentiment, r.analyzer])).toEqual([
        ['d0', 'negative', 'comprehend'],
        ['d1', 'positive', 'comprehend'],
        ['d2', 'neutral', 'comprehend'],
      ]);
      expect(fallback.calls).toEqual([]);
    });

    it('scores a document that fails twice with the fallback instead of dropping it', async () => {
      answerAll();
      comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: { TextList: string[] }) => ({
        ResultList: input.TextList.flatMap((text, Index) =>
          text.endsWith(' 1') ? [] : [{ Index, KeyPhrases: [{ Text: 'service', Score: 0.9 }] }],
        ),
        ErrorList: input.TextList.flatMap((text, Index) =>
          text.endsWith(' 1') ? [{ Index, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'oops' }] : [],
        ),
      }));
      const { analyzer, fallback } = setup();

      const results = await analyzer.analyze(docs(3));

      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectKeyPhrasesCommand, 2);
      expect(fallback.calls).toEqual([[{ id: 'd1', text: docs(3)[1]!.text }]]);
      expect(results.map((r) => [r.id, r.analyzer, r.language])).toEqual([
        ['d0', 'comprehend', 'en'],
        ['d1', 'fake-local-v0', 'en'],
        ['d2', 'comprehend', 'en'],
      ]);
    });

    it('does not retry documents whose error no retry can fix', async () => {
      answerAll();
      comprehend.on(BatchDetectSentimentCommand).resolves({
        ResultList: [{ Index: 1, Sentiment: 'POSITIVE', SentimentScore: positiveScore }],
        ErrorList: [{ Index: 0, ErrorCode: 'TEXT_SIZE_LIMIT_EXCEEDED', ErrorMessage: 'too long' }],
      });
      const { analyzer, fallback } = setup();

      const results = await analyzer.analyze(docs(2));

      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 1);
      expect(fallback.calls.flat().map((d) => d.id)).toEqual(['d0']);
      expect(results.map((r) => r.analyzer)).toEqual(['fake-local-v0', 'comprehend']);
    });

    it('sends unsupported languages, undetected ones and empty texts to the fallback, marked with its name', async () => {
      answerAll();
      comprehend
        .on(BatchDetectDominantLanguageCommand)
        .resolvesOnce({
          ResultList: [
            { Index: 0, Languages: [{ LanguageCode: 'sw', Score: 0.9 }] },
            { Index: 1, Languages: [{ LanguageCode: 'en', Score: 0.9 }] },
          ],
          ErrorList: [{ Index: 2, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'oops' }],
        })
        .resolvesOnce({
          ResultList: [],
          ErrorList: [{ Index: 0, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'oops' }],
        });
      const { analyzer, fallback } = setup();

      const results = await analyzer.analyze([
        { id: 'a', text: 'Habari, inafanya kazi vizuri sana' },
        { id: 'b', text: 'Works great on our cluster' },
        { id: 'c', text: '?!' },
        { id: 'd', text: '   ' },
      ]);

      // Empty texts are never sent; the errored document is retried once alone.
      expect(
        comprehend.commandCalls(BatchDetectDominantLanguageCommand).map((c) => c.args[0].input.TextList),
      ).toEqual([['Habari, inafanya kazi vizuri sana', 'Works great on our cluster', '?!'], ['?!']]);
      expect(comprehend).toHaveReceivedCommandWith(BatchDetectSentimentCommand, {
        LanguageCode: 'en',
        TextList: ['Works great on our cluster'],
      });
      expect(fallback.calls.map((c) => c.map((d) => d.id))).toEqual([['a', 'c', 'd']]);
      expect(results).toMatchObject([
        { id: 'a', language: 'sw', analyzer: 'fake-local-v0' },
        { id: 'b', language: 'en', analyzer: 'comprehend' },
        { id: 'c', language: null, analyzer: 'fake-local-v0' },
        { id: 'd', language: null, analyzer: 'fake-local-v0' },
      ]);
    });

    it('sends a whole batch Comprehend rejects as unsupported to the fallback', async () => {
      answerAll();
      comprehend.on(BatchDetectSentimentCommand).rejects(
        new ComprehendServiceException({
          name: 'UnsupportedLanguageException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: 'unsupported',
        }),
      );
      const { analyzer, fallback } = setup();

      const results = await analyzer.analyze(docs(3));

      expect(fallback.calls.flat().map((d) => d.id)).toEqual(['d0', 'd1', 'd2']);
      expect(results.every((r) => r.analyzer === 'fake-local-v0' && r.language === 'en')).toBe(true);
    });

    it('retries throttling with exponential backoff and jitter, then succeeds', async () => {
      answerAll();
      comprehend
        .on(BatchDetectKeyPhrasesCommand)
        .rejectsOnce(throttled())
        .rejectsOnce(throttled())
        .callsFake((input: { TextList: string[] }) => ({
          ResultList: input.TextList.map((_, Index) => ({ Index, KeyPhrases: [] })),
          ErrorList: [],
        }));
      const { analyzer, sleeps } = setup();

      const results = await analyzer.analyze(docs(2));

      expect(results.map((r) => r.analyzer)).toEqual(['comprehend', 'comprehend']);
      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectKeyPhrasesCommand, 3);
      // random() = 0.5 of a ceiling that doubles: 200 ms, then 400 ms.
      expect(sleeps).toEqual([100, 200]);
    });

    it('gives up after maxRetries and throws a retryable ServiceError', async () => {
      answerAll();
      comprehend.on(BatchDetectSentimentCommand).rejects(throttled());
      const { analyzer, sleeps } = setup({ maxRetries: 2 });

      const error = await analyzer.analyze(docs(1)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ service: 'Comprehend', retryable: true });
      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 3);
      expect(sleeps).toHaveLength(2);
    });

    it('throws a permanent ServiceError for an access error, without retrying', async () => {
      comprehend.on(BatchDetectDominantLanguageCommand).rejects(
        new ComprehendServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
          message: 'not allowed',
        }),
      );
      const { analyzer } = setup();

      const error = await analyzer.analyze(docs(1)).catch((e: unknown) => e);

      expect(error).toMatchObject({ service: 'Comprehend', retryable: false });
      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectDominantLanguageCommand, 1);
    });

    it('returns an empty list for no documents without calling Comprehend', async () => {
      const { analyzer } = setup();

      expect(await analyzer.analyze([])).toEqual([]);
      expect(comprehend.calls()).toHaveLength(0);
    });
  });

  describe('Property: billedUnits', () => {
    it('adds 100-character units, at least 3 per document and API call, across calls', async () => {
      answerAll();
      const { analyzer } = setup();

      await analyzer.analyze([
        { id: 'short', text: 'Works great' },
        { id: 'long', text: 'a'.repeat(450) },
      ]);
      await analyzer.analyze([{ id: 'again', text: 'Works fine' }]);

      // Three APIs (language, sentiment, key phrases): (3 + 5) × 3, then 3 × 3.
      expect(analyzer.billedUnits).toBe(24 + 9);
    });
  });
});

describe('Function: truncateUtf8', () => {
  it('keeps a multi-byte character whole or leaves it out', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('日本語', 8)).toBe('日本');
    expect(truncateUtf8('short', 5000)).toBe('short');
  });

  it('returns a prefix of the input that is valid UTF-8 and at most the byte limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 3000 }),
        fc.integer({ min: 0, max: 6000 }),
        (text, max) => {
          const cut = truncateUtf8(text, max);
          const encoded = Buffer.from(cut, 'utf8');
          expect(encoded.length).toBeLessThanOrEqual(max);
          expect(text.startsWith(cut)).toBe(true);
          expect(cut.isWellFormed()).toBe(true);
          expect(new TextDecoder('utf-8', { fatal: true }).decode(encoded)).toBe(cut);
          // Maximal: the next character would not have fitted.
          const next = text.slice(cut.length).codePointAt(0);
          if (next !== undefined)
            expect(encoded.length + Buffer.byteLength(String.fromCodePoint(next))).toBeGreaterThan(max);
        },
      ),
    );
  });

  it('cuts at 4,999 bytes by default', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', ' ', 'é', '日', '😀', '👩‍💻'), { minLength: 1000, maxLength: 4000 }),
        (chars) => {
          const text = chars.join('');
          const cut = truncateUtf8(text);
          expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
          if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES)
            expect(Buffer.byteLength(cut)).toBeGreaterThan(MAX_DOCUMENT_BYTES - 4);
          else expect(cut).toBe(text);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('Function: billingUnits', () => {
  it('counts characters (code points) in 100-character units with a minimum of 3', () => {
    expect(billingUnits('')).toBe(3);
    expect(billingUnits('x'.repeat(300))).toBe(3);
    expect(billingUnits('x'.repeat(301))).toBe(4);
    expect(billingUnits('😀'.repeat(400))).toBe(4);
  });
});
