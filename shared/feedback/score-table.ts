import { DataHubError } from '../errors/index.ts';
import type { Progress, TextAnalyzer } from '../ports/index.ts';
import { noProgress } from '../ports/index.ts';
import { type Metrics, scoreLabels } from '../sentiment/evaluate.ts';
import { LABELS, type SentimentLabel } from '../sentiment/model.ts';

export type TableRow = Readonly<Record<string, string>>;

/** Columns added to every row, after the input's own. */
export const SCORE_COLUMNS = [
  'sentiment',
  'score_positive',
  'score_neutral',
  'score_negative',
  'key_phrases',
] as const;

export interface ScoreTableOptions {
  readonly textColumn: string;
  /** A column holding a reference label (positive / neutral / negative): the result then has metrics. */
  readonly labelColumn?: string;
  readonly progress?: Progress;
  /** Documents per analyzer call. @default 500 */
  readonly batchSize?: number;
}

export interface ScoredTable {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
  readonly analyzer: string;
  /** Agreement with `labelColumn`, over the rows whose label is one of the three classes. */
  readonly metrics?: Metrics;
  /** Rows left out of the metrics because their label was empty or not one of the three. */
  readonly unlabelled?: number;
}

/** A table's columns are wrong for the request (e.g. the text column is missing). */
export class TableShapeError extends DataHubError {
  constructor(message: string) {
    super(message, { retryable: false });
  }
}

const round = (x: number) => String(Math.round(x * 1e4) / 1e4);
const asLabel = (value: string | undefined): SentimentLabel | undefined => {
  const v = value?.trim().toLowerCase();
  return (LABELS as readonly string[]).includes(v ?? '') ? (v as SentimentLabel) : undefined;
};

/**
 * Scores the text column of every row with `analyzer` and returns the rows with a label
 * (`mixed` counts as `neutral`, as the weekly index does), three rounded scores and key phrases
 * (joined by `; `) added. With `labelColumn`, also how well the labels agree with the reference.
 *
 * @example await scoreTable(analyzer, [{ id: '1', body: 'LGTM!' }], ['id', 'body'], { textColumn: 'body' })
 */
export async function scoreTable(
  analyzer: TextAnalyzer,
  rows: readonly TableRow[],
  columns: readonly string[],
  options: ScoreTableOptions,
): Promise<ScoredTable> {
  const { textColumn, labelColumn, progress = noProgress, batchSize = 500 } = options;
  for (const [what, name] of [
    ['text', textColumn],
    ['label', labelColumn],
  ] as const)
    if (name !== undefined && !columns.includes(name))
      throw new TableShapeError(`No ${what} column "${name}"; the columns are: ${columns.join(', ')}`);
  const clash = SCORE_COLUMNS.filter((c) => columns.includes(c));
  if (clash.length > 0) throw new TableShapeError(`The input already has columns ${clash.join(', ')}`);

  const out: Record<string, string>[] = [];
  progress.start('Scoring texts', rows.length);
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const analyses = await analyzer.analyze(
      batch.map((row, j) => ({ id: String(i + j), text: row[textColumn] ?? '' })),
    );
    analyses.forEach((a, j) => {
      out.push({
        ...batch[j]!,
        sentiment: a.sentiment === 'mixed' ? 'neutral' : a.sentiment,
        score_positive: round(a.scores.positive),
        score_neutral: round(a.scores.neutral + a.scores.mixed),
        score_negative: round(a.scores.negative),
        key_phrases: a.keyPhrases.join('; '),
      });
    });
    progress.tick(batch.length);
  }
  progress.done(`${rows.length} rows`);

  const result = { columns: [...columns, ...SCORE_COLUMNS], rows: out, analyzer: analyzer.name };
  if (labelColumn === undefined) return result;
  const labelled = out.flatMap((row) => {
    const label = asLabel(row[labelColumn]);
    return label ? [{ label, predicted: row.sentiment as SentimentLabel }] : [];
  });
  return {
    ...result,
    metrics: scoreLabels(
      labelled.map((l) => l.label),
      labelled.map((l) => l.predicted),
    ),
    unlabelled: out.length - labelled.length,
  };
}
