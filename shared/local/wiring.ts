import path from 'node:path';
import { DuckDBBulkIngestor, segmentBulkSource } from '../adapters/duckdb/bulk-ingestor.ts';
import { DuckDBCompactor } from '../adapters/duckdb/compactor.ts';
import { DuckDBParquetEncoder } from '../adapters/duckdb/parquet-encoder.ts';
import { DuckDBQueryEngine } from '../adapters/duckdb/query-engine.ts';
import { FsObjectStore } from '../adapters/local/fs-object-store.ts';
import { ModelTextAnalyzer } from '../adapters/local/model-text-analyzer.ts';
import { OutboxNotifier } from '../adapters/local/outbox-notifier.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../adapters/local/query-files.ts';
import type { QueryCatalog } from '../analytics/query-catalog.ts';
import type { DataHubConfig } from '../config/config.ts';
import type { BulkIngestor } from '../ports/bulk-ingestor.ts';
import type { ParquetCompactor } from '../ports/compactor.ts';
import type { Log, Notifier, ParquetEncoder, Progress, QueryEngine, TextAnalyzer } from '../ports/index.ts';

export const OUTBOX_BUCKET = 'outbox';

/** Every port wired to its local (embedded) adapter, over the `DATAHUB_HOME` directory. */
export interface LocalContext {
  readonly config: DataHubConfig;
  readonly store: FsObjectStore;
  readonly encoder: ParquetEncoder;
  readonly bulk: BulkIngestor;
  readonly compactor: ParquetCompactor;
  readonly engine: QueryEngine;
  readonly catalog: QueryCatalog;
  readonly analyzer: TextAnalyzer;
  readonly notifier: Notifier;
  readonly buckets: DataHubConfig['buckets'];
  readonly log: Log;
  readonly progress: Progress;
  readonly reportUrl: string;
  /** Where a bucket lives on disk (for messages to the user). */
  bucketDir(bucket: string): string;
  close(): Promise<void>;
}

/** The embedded text analyzer: the sentiment model shipped with the project (no network). */
export const localTextAnalyzer = (): TextAnalyzer => new ModelTextAnalyzer();

/** The local composition root: the CLI builds this once and hands it to the use cases. */
export async function localContext(
  config: DataHubConfig,
  log: Log,
  progress: Progress,
): Promise<LocalContext> {
  const store = new FsObjectStore(config.home);
  const encoder = new DuckDBParquetEncoder();
  const engine = new DuckDBQueryEngine({ lakeDir: path.join(store.root, config.buckets.lake) });
  const bucketDir = (bucket: string) => path.join(store.root, bucket);
  const pipelineStatements = await loadQueryCatalog(DEFAULT_QUERIES_DIR, 'duckdb');
  const compactor = new DuckDBCompactor();
  const bulk = new DuckDBBulkIngestor({
    sources: [segmentBulkSource(pipelineStatements)],
  });
  return {
    config,
    store,
    encoder,
    bulk,
    compactor,
    engine,
    catalog: await loadQueryCatalog(),
    analyzer: localTextAnalyzer(),
    notifier: new OutboxNotifier({
      store,
      bucket: OUTBOX_BUCKET,
      ...(config.slackWebhookUrl ? { slackWebhookUrl: config.slackWebhookUrl } : {}),
    }),
    buckets: config.buckets,
    log,
    progress,
    reportUrl: config.reportBaseUrl ?? `file://${path.join(bucketDir(config.buckets.report), 'index.html')}`,
    bucketDir,
    async close() {
      await Promise.all([encoder.close(), engine.close(), bulk.close(), compactor.close()]);
    },
  };
}
