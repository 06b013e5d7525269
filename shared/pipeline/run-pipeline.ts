import { type AnalysisResult, analyze } from '../analytics/analyze.ts';
import { addDays, windowEnding } from '../analytics/dates.ts';
import type { QueryCatalog } from '../analytics/query-catalog.ts';
import type { Buckets } from '../config/config.ts';
import { type EnrichSummary, enrichFeedback } from '../feedback/enrich.ts';
import { type CompactionReport, compactPartitions, partitionsOf } from '../ingest/compact.ts';
import { type IngestSummary, ingestObjects } from '../ingest/ingest.ts';
import type { BulkIngestor } from '../ports/bulk-ingestor.ts';
import type { ParquetCompactor } from '../ports/compactor.ts';
import type {
  Log,
  Notifier,
  ObjectStore,
  ParquetEncoder,
  Progress,
  QueryEngine,
  TextAnalyzer,
} from '../ports/index.ts';
import { noProgress, silentLog } from '../ports/index.ts';
import { type PublishedReport, publishReport } from '../report/publish.ts';
import { latestPartition } from './latest-partition.ts';

export interface PipelineDeps {
  readonly store: ObjectStore;
  readonly encoder: ParquetEncoder;
  readonly bulk?: BulkIngestor;
  readonly compactor?: ParquetCompactor;
  readonly engine: QueryEngine;
  readonly catalog: QueryCatalog;
  readonly analyzer: TextAnalyzer;
  readonly notifier: Notifier;
  readonly buckets: Buckets;
  readonly log?: Log;
  readonly progress?: Progress;
  readonly reportUrl?: string;
}

export interface PipelineInput {
  /** Day to analyse; defaults to the newest partition in the lake. */
  readonly asOf?: string;
  /** How far back feedback is (re)scored. */
  readonly lookbackDays: number;
  /** Raw keys to ingest; defaults to every object in the raw bucket. */
  readonly keys?: readonly string[];
}

export interface PipelineResult {
  readonly ingest: IngestSummary;
  readonly compaction: readonly CompactionReport[];
  readonly enrich: EnrichSummary;
  readonly analysis: AnalysisResult;
  readonly report: PublishedReport;
}

/** ingest → enrich feedback → analyze → report: the same use cases the Lambda functions run. */
export async function runPipeline(deps: PipelineDeps, input: PipelineInput): Promise<PipelineResult> {
  const log = deps.log ?? silentLog;
  const progress = deps.progress ?? noProgress;
  let keys = input.keys;
  if (!keys) {
    const listed: string[] = [];
    for await (const object of deps.store.list(deps.buckets.raw, '')) listed.push(object.key);
    keys = listed;
  }
  const ingest = await ingestObjects(deps, keys, { progress });
  const compactor = deps.compactor;
  const compaction = compactor
    ? await compactPartitions(
        { ...deps, compactor },
        partitionsOf(ingest.reports.flatMap((r) => r.outputs)),
        progress,
      )
    : [];

  const asOf =
    input.asOf ?? (await latestPartition(deps.store, deps.buckets.lake, ['ui_events', 'metric_points']));
  if (!asOf)
    throw new Error('The lake has no ui_events or metric_points partitions yet: nothing to analyse.');

  progress.start('Scoring feedback', 1);
  const enrich = await enrichFeedback(deps, windowEnding(asOf, input.lookbackDays));
  progress.done(
    `${enrich.texts} texts, ${enrich.scored} scored, ${enrich.reused} reused (${enrich.analyzer})`,
  );

  progress.start('Analysing', 1);
  const analysis = await analyze(deps, { asOf });
  progress.done(
    `${analysis.queries.length} queries, ${analysis.incidents.length} incidents, ${analysis.alertsPublished.length} alerts sent`,
  );

  const report = await publishReport(deps, analysis);
  log.info('Pipeline finished', { asOf, since: addDays(asOf, -input.lookbackDays) });
  return { ingest, compaction, enrich, analysis, report };
}
