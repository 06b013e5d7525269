import path from 'node:path';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parse } from '@aws-lambda-powertools/parser';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.ts';
import { DuckDBBulkIngestor, segmentBulkSource } from '../../shared/adapters/duckdb/bulk-ingestor.ts';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import { loadConfig } from '../../shared/config/config.ts';
import { type IngestDeps, ingestObject } from '../../shared/ingest/ingest.ts';
import { logger, metrics, tracer } from '../../shared/observability/powertools.ts';
import { s3Client } from '../commons/aws.ts';

// Config, adapters and the DuckDB encoder live for the container's lifetime (cold start only).
const config = loadConfig(process.env);
// The bundle carries queries/ next to the handler; locally (tests) the project's folder is used.
const queriesDir = process.env.LAMBDA_TASK_ROOT
  ? path.join(process.env.LAMBDA_TASK_ROOT, 'queries')
  : DEFAULT_QUERIES_DIR;
const pipelineStatements = await loadQueryCatalog(queriesDir, 'duckdb');
const deps: IngestDeps = {
  store: new S3ObjectStore(s3Client()),
  encoder: new DuckDBParquetEncoder(),
  bulk: new DuckDBBulkIngestor({
    sources: [segmentBulkSource(pipelineStatements)],
  }),
  buckets: config.buckets,
  log: logger,
};
const processor = new BatchProcessor(EventType.SQS);

/** S3 puts keys in notifications URL-encoded, with spaces as `+`. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

/** One SQS message = one S3 event notification (possibly several objects). */
export async function ingestRecord(record: SQSRecord, ingestDeps: IngestDeps = deps): Promise<void> {
  const body = JSON.parse(record.body) as { Event?: string };
  // S3 sends a test event when the notification is configured; it names no object.
  if (body.Event === 's3:TestEvent') return;
  const notification = parse(body, undefined, S3Schema);
  for (const s3Record of notification.Records) {
    if (s3Record.s3.bucket.name !== ingestDeps.buckets.raw) {
      logger.warn('Ignoring object from an unexpected bucket', { bucket: s3Record.s3.bucket.name });
      continue;
    }
    const key = decodeS3Key(s3Record.s3.object.key);
    const report = await ingestObject(ingestDeps, key);
    for (const [table, count] of Object.entries(report.accepted)) {
      metrics.addMetric(`RecordsAccepted_${table}`, MetricUnit.Count, count);
    }
    metrics.addMetric(
      'RecordsAccepted',
      MetricUnit.Count,
      Object.values(report.accepted).reduce((a, b) => a + b, 0),
    );
    metrics.addMetric('RecordsQuarantined', MetricUnit.Count, report.quarantined);
    metrics.addMetric('RecordsDuplicate', MetricUnit.Count, report.duplicates);
    if (report.status === 'quarantined') metrics.addMetric('ObjectsQuarantined', MetricUnit.Count, 1);
    logger.info('Object ingested', { ...report, outputs: report.outputs.length });
  }
}

/**
 * Failed records are reported back to SQS (partial batch response) and retried; after five
 * receives they land in the dead-letter queue. Bad data never fails a record: it is quarantined.
 */
const lambdaHandler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, (record: SQSRecord) => ingestRecord(record), processor, { context });

export const handler = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
