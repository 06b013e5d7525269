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
  ComprehendTextAnalyzer,
  MAX_DOCUMENT_BYTES,
  truncateUtf8,
} from '../../../shared/adapters/aws/comprehend-text-analyzer.ts';
import { LexiconTextAnalyzer } from '../../../shared/adapters/local/lexicon-text-analyzer.ts';

const comprehend = mockClient(ComprehendClient);
afterEach(() => comprehend.reset());

const analyzer = () =>
  new ComprehendTextAnalyzer({
    client: new ComprehendClient({ region: 'eu-west-1' }),
    fallback: new LexiconTextAnalyzer(),
    sleep: async () => {},
    random: () => 0,
  });
const docs = (n: number, text = (i: number) => `Odigos works great for service ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `d${i}`, text: text(i) }));

/** Answers every batch call for the given language with one result per input document. */
function answerAll(language = 'en') {
  comprehend.on(BatchDetectDominantLanguageCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Languages: [{ LanguageCode: language, Score: 0.99 }],
    })),
    ErrorList: [],
  }));
  comprehend.on(BatchDetectSentimentCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Sentiment: 'POSITIVE',
      SentimentScore: { Positive: 0.9, Negative: 0.02, Neutral: 0.07, Mixed: 0.01 },
    })),
    ErrorList: [],
  }));
  comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({ Index, KeyPhrases: [{ Text: 'service', Score: 0.9 }] })),
    ErrorList: [],
  }));
}

describe('Class: ComprehendTextAnalyzer', () => {
  describe('Method: analyze', () => {
    it('detects the language, then scores 60 documents in batches of 25, 25 and 10', async () => {
      answerAll();

      const results = await analyzer().analyze(docs(60));

      const sizes = comprehend
        .commandCalls(BatchDetectSentimentCommand)
        .map((c) => c.args[0].input.TextList?.length);
      expect(sizes).toEqual([25, 25, 10]);
      expect(comprehend.commandCalls(BatchDetectSentimentCommand)[0]!.args[0].input.LanguageCode).toBe('en');
      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectDominantLanguageCommand, 3);
      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectKeyPhrasesCommand, 3);
      expect(results.map((r) => r.id)).toEqual(docs(60).map((d) => d.id));
      expect(results[59]).toMatchObject({
        sentiment: 'positive',
        language: 'en',
        keyPhrases: ['service'],
        analyzer: 'comprehend',
      });
    });

    it('cuts long documents below 5,000 UTF-8 bytes before sending them', async () => {
      answerAll();

      await analyzer().analyze([{ id: 'long', text: 'é'.repeat(4000) }]);

      const sent = comprehend.commandCalls(BatchDetectSentimentCommand)[0]!.args[0].input.TextList![0]!;
      expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
      expect(sent).toBe('é'.repeat(2499));
    });

    it('scores a document from the ErrorList with the fallback instead of dropping it', async () => {
      answerAll();
      comprehend.on(BatchDetectSentimentCommand).resolves({
        ResultList: [
          {
            Index: 0,
            Sentiment: 'NEGATIVE',
            SentimentScore: { Positive: 0, Negative: 1, Neutral: 0, Mixed: 0 },
          },
        ],
        ErrorList: [{ Index: 1, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'oops' }],
      });

      const results = await analyzer().analyze(docs(2));

      expect(results.map((r) => [r.id, r.analyzer])).toEqual([
        ['d0', 'comprehend'],
        ['d1', 'local-lexicon-v1'],
      ]);
    });

    it('sends unsupported languages and empty texts to the fallback analyzer, marked with its name', async () => {
      answerAll('sw');

      const results = await analyzer().analyze([
        { id: 'a', text: 'Habari, inafanya kazi vizuri' },
        { id: 'b', text: '   ' },
      ]);

      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 0);
      expect(results).toMatchObject([
        { id: 'a', language: 'sw', analyzer: 'local-lexicon-v1' },
        { id: 'b', analyzer: 'local-lexicon-v1' },
      ]);
    });

    it('retries throttling with backoff and counts billed units', async () => {
      answerAll();
      const throttled = new ComprehendServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'slow down',
      });
      comprehend
        .on(BatchDetectKeyPhrasesCommand)
        .rejectsOnce(throttled)
        .callsFake((input: { TextList: string[] }) => ({
          ResultList: input.TextList.map((_, Index) => ({ Index, KeyPhrases: [] })),
          ErrorList: [],
        }));
      const instance = analyzer();

      const results = await instance.analyze(docs(2));

      expect(results).toHaveLength(2);
      expect(comprehend).toHaveReceivedCommandTimes(BatchDetectKeyPhrasesCommand, 2);
      expect(instance.billedUnits).toBe(2 * 3 * 3); // 2 short docs × 3-unit minimum × 3 APIs
    });
  });

  describe('Function: truncateUtf8', () => {
    it('never exceeds the byte limit and never splits a character', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'grapheme', maxLength: 3000 }),
          fc.integer({ min: 1, max: 6000 }),
          (text, max) => {
            const cut = truncateUtf8(text, max);
            expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(Math.max(max, 0));
            expect(text.startsWith(cut)).toBe(true);
            expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
          },
        ),
      );
    });
  });
});
