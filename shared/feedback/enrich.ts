import { createHash } from 'node:crypto';
import type { DateRange } from '../analytics/dates.ts';
import type { QueryCatalog } from '../analytics/query-catalog.ts';
import { runQuery } from '../analytics/run-query.ts';
import { feedbackScores } from '../catalog/tables.ts';
import type { Row } from '../catalog/types.ts';
import type { Buckets } from '../config/config.ts';
import type {
  Log,
  ObjectStore,
  ParquetEncoder,
  QueryEngine,
  QueryValue,
  TextAnalyzer,
} from '../ports/index.ts';
import { silentLog } from '../ports/index.ts';

export interface EnrichDeps {
  readonly engine: QueryEngine;
  readonly catalog: QueryCatalog;
  readonly analyzer: TextAnalyzer;
  readonly encoder: ParquetEncoder;
  readonly store: ObjectStore;
  readonly buckets: Buckets;
  readonly log?: Log;
}

export interface EnrichSummary {
  readonly texts: number;
  /** Texts sent to the analyzer this run (the billed ones on AWS). */
  readonly scored: number;
  /** Texts whose score was reused from an earlier run (same item, same text). */
  readonly reused: number;
  readonly partitions: readonly string[];
  readonly analyzer: string;
}

/** Whitespace-insensitive form of a text: the cache key must not change when only spacing does. */
export const normaliseText = (text: string): string => text.replace(/\s+/g, ' ').trim();
export const textHash = (text: string): string =>
  createHash('sha256').update(normaliseText(text)).digest('hex');

/** Athena returns arrays as `[a, b]` text; DuckDB returns real arrays. */
function asStringArray(value: QueryValue | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('[') && value.endsWith(']')) {
    const inner = value.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(', ');
  }
  return [];
}

const BATCH = 100;

/**
 * Scores every feedback text in the range (sentiment, key phrases, language) and rewrites the
 * `feedback_scores` partitions of the dates it covers. Texts already scored with the same hash are
 * reused, so re-runs cost nothing and give the same partitions.
 */
export async function enrichFeedback(deps: EnrichDeps, range: DateRange): Promise<EnrichSummary> {
  const log = deps.log ?? silentLog;
  const params = { start_date: range.start, end_date: range.end };
  const [texts, scored] = await Promise.all([
    runQuery(deps.engine, deps.catalog, 'feedback_texts', params),
    runQuery(deps.engine, deps.catalog, 'scored_hashes', params),
  ]);
  const previous = new Map(scored.rows.map((r) => [`${r.item_id}|${r.text_hash}`, r]));

  const rows: Row[] = [];
  const toScore: { row: Row; text: string }[] = [];
  for (const item of texts.rows) {
    const text = String(item.text ?? '');
    const hash = textHash(text);
    const createdAt = String(item.created_at);
    const base: Row = { item_id: item.item_id, source: item.source, text_hash: hash, created_at: createdAt };
    const cached = previous.get(`${item.item_id}|${hash}`);
    const row: Row = cached
      ? {
          ...base,
          language: cached.language,
          sentiment: cached.sentiment,
          score_positive: cached.score_positive,
          score_negative: cached.score_negative,
          score_neutral: cached.score_neutral,
          score_mixed: cached.score_mixed,
          key_phrases: asStringArray(cached.key_phrases),
          analyzer: cached.analyzer,
        }
      : base;
    if (!cached) toScore.push({ row, text });
    rows.push(row);
  }

  for (let i = 0; i < toScore.length; i += BATCH) {
    const batch = toScore.slice(i, i + BATCH);
    const results = await deps.analyzer.analyze(batch.map((b, j) => ({ id: String(j), text: b.text })));
    results.forEach((analysis, j) => {
      Object.assign(batch[j]!.row, {
        language: analysis.language,
        sentiment: analysis.sentiment,
        score_positive: analysis.scores.positive,
        score_negative: analysis.scores.negative,
        score_neutral: analysis.scores.neutral,
        score_mixed: analysis.scores.mixed,
        key_phrases: [...analysis.keyPhrases],
        analyzer: analysis.analyzer,
      });
    });
  }

  const partitions: string[] = [];
  const rowsByDate = Map.groupBy(rows, (row) => String(row.created_at).slice(0, 10));
  for (const [date, dayRows] of [...rowsByDate].sort(([a], [b]) => a.localeCompare(b))) {
    dayRows.sort((a, b) => String(a.item_id).localeCompare(String(b.item_id)));
    const key = `${feedbackScores.name}/dt=${date}/scores.parquet`;
    await deps.store.put(deps.buckets.lake, key, await deps.encoder.encode(feedbackScores, dayRows));
    partitions.push(date);
  }
  log.info('Feedback enriched', {
    texts: texts.rows.length,
    scored: toScore.length,
    analyzer: deps.analyzer.name,
  });
  return {
    texts: texts.rows.length,
    scored: toScore.length,
    reused: texts.rows.length - toScore.length,
    partitions,
    analyzer: deps.analyzer.name,
  };
}
