import { describe, expect, it } from 'vitest';
import { scoreTable, TableShapeError } from '../../../shared/feedback/score-table.ts';
import type { TextAnalyzer } from '../../../shared/ports/index.ts';

/** A fake port: positive when the text says "yay", mixed when it says "meh", neutral otherwise. */
const fake: TextAnalyzer = {
  name: 'fake-v1',
  async analyze(documents) {
    return documents.map((d) => {
      const positive = d.text.includes('yay') ? 0.9 : 0.05;
      const mixed = d.text.includes('meh') ? 0.6 : 0;
      return {
        id: d.id,
        language: 'en',
        sentiment: mixed ? 'mixed' : positive > 0.5 ? 'positive' : 'neutral',
        scores: { positive, negative: 0.05, neutral: 0.9 - positive - mixed + 0.05, mixed },
        keyPhrases: d.text ? [d.text.split(' ')[0]!.toLowerCase(), 'more'] : [],
        analyzer: 'fake-v1',
      };
    });
  },
};
const rows = [
  { id: '1', body: 'Release yay', gold: 'positive' },
  { id: '2', body: 'Docs meh', gold: 'Neutral' },
  { id: '3', body: 'Update', gold: 'negative' },
  { id: '4', body: '', gold: '' },
];

describe('Function: scoreTable', () => {
  it('adds a label, rounded scores and key phrases to every row, in order', async () => {
    const result = await scoreTable(fake, rows, ['id', 'body', 'gold'], { textColumn: 'body', batchSize: 3 });

    expect(result.columns).toEqual([
      'id',
      'body',
      'gold',
      'sentiment',
      'score_positive',
      'score_neutral',
      'score_negative',
      'key_phrases',
    ]);
    expect(result.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
    expect(result.rows[0]).toMatchObject({
      sentiment: 'positive',
      score_positive: '0.9',
      key_phrases: 'release; more',
    });
    // Mixed folds into neutral: the output has three classes.
    expect(result.rows[1]).toMatchObject({ sentiment: 'neutral', score_neutral: '0.9' });
    expect(result.analyzer).toBe('fake-v1');
    expect(result.metrics).toBeUndefined();
  });

  it('measures agreement with a label column, leaving out rows without a usable label', async () => {
    const result = await scoreTable(fake, rows, ['id', 'body', 'gold'], {
      textColumn: 'body',
      labelColumn: 'gold',
    });

    expect(result.unlabelled).toBe(1);
    expect(result.metrics?.accuracy).toBeCloseTo(2 / 3, 12);
    expect(result.metrics?.confusion.negative.neutral).toBe(1);
  });

  it('names the columns it has when a requested one is missing, and refuses to overwrite', async () => {
    await expect(scoreTable(fake, rows, ['id', 'body', 'gold'], { textColumn: 'text' })).rejects.toThrow(
      'No text column "text"; the columns are: id, body, gold',
    );
    await expect(
      scoreTable(fake, rows, ['id', 'body', 'gold'], { textColumn: 'body', labelColumn: 'label' }),
    ).rejects.toBeInstanceOf(TableShapeError);
    await expect(scoreTable(fake, [], ['body', 'sentiment'], { textColumn: 'body' })).rejects.toThrow(
      'already has columns sentiment',
    );
  });
});
