import path from 'node:path';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parse } from '@aws-lambda-powertools/parser';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { AthenaQueryEngine } from '../../shared/adapters/aws/athena-query-engine.ts';
import { ComprehendTextAnalyzer } from '../../shared/adapters/aws/comprehend-text-analyzer.ts';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.ts';
import { SnsNotifier } from '../../shared/adapters/aws/sns-notifier.ts';
import { DuckDBCompactor } from '../../shared/adapters/duckdb/compactor.ts';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { ModelTextAnalyzer } from '../../shared/adapters/local/model-text-analyzer.ts';
import { loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import { analyze } from '../../shared/analytics/analyze.ts';
import { addDays, isoDate, windowEnding } from '../../shared/analytics/dates.ts';
import { loadConfig } from '../../shared/config/config.ts';
import { ConfigError } from '../../shared/errors/index.ts';
import { enrichFeedback } from '../../shared/feedback/enrich.ts';
import { COMPACTABLE_TABLES, compactPartitions } from '../../shared/ingest/compact.ts';
import { logger, metrics, tracer } from '../../shared/observability/powertools.ts';
import { publishReport } from '../../shared/report/publish.ts';
import { athenaClient, comprehendClient, s3Client, snsClient } from '../commons/aws.ts';

const config = loadConfig(process.env);
if (!config.alertTopicArn) throw new ConfigError('ALERT_TOPIC_ARN is required by the analyze function');
// The bundle carries queries/ next to the handler (copied at bundling time).
const catalogPromise = loadQueryCatalog(path.join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'queries'));
const store = new S3ObjectStore(s3Client());
const encoder = new DuckDBParquetEncoder();
const compactor = new DuckDBCompactor();
const notifier = new SnsNotifier({ client: snsClient(), topicArn: config.alertTopicArn });
const analyzer = new ComprehendTextAnalyzer({
  client: comprehendClient(),
  // Languages Comprehend does not score and documents it rejects get the shipped model's scores.
  fallback: new ModelTextAnalyzer(),
});

/** Scheduler input: `{}` analyses yesterday (UTC); `{ "asOf": "YYYY-MM-DD" }` re-runs a given day. */
export const AnalyzeEventSchema = z.object({ asOf: z.iso.date().optional() }).passthrough();

const lambdaHandler = async (event: unknown, context: Context) => {
  const { asOf = addDays(isoDate(new Date()), -1) } = parse(event ?? {}, undefined, AnalyzeEventSchema);
  const engine = new AthenaQueryEngine({
    client: athenaClient(),
    workgroup: config.athena.workgroup,
    database: config.athena.database,
    ...(config.athena.outputLocation ? { outputLocation: config.athena.outputLocation } : {}),
    remainingTimeMillis: () => context.getRemainingTimeInMillis(),
  });
  const deps = {
    engine,
    catalog: await catalogPromise,
    store,
    notifier,
    analyzer,
    encoder,
    buckets: config.buckets,
    log: logger,
    ...(config.reportBaseUrl ? { reportUrl: config.reportBaseUrl } : {}),
  };
  // Yesterday's and the two days before: late objects land there; each day becomes one file for Athena.
  const recent = [0, 1, 2].map((d) => addDays(asOf, -d));
  const compaction = await compactPartitions(
    { store, compactor, buckets: config.buckets, log: logger },
    COMPACTABLE_TABLES.flatMap((t) => recent.map((dt) => ({ table: t.name, dt }))),
  );
  metrics.addMetric('PartitionsCompacted', MetricUnit.Count, compaction.length);
  const enrich = await enrichFeedback(deps, windowEnding(asOf, config.analysisLookbackDays));
  const analysis = await analyze(deps, { asOf });
  const report = await publishReport(deps, analysis);
  metrics.addMetric('FeedbackScored', MetricUnit.Count, enrich.scored);
  metrics.addMetric('AlertsPublished', MetricUnit.Count, analysis.alertsPublished.length);
  metrics.addMetric('Incidents', MetricUnit.Count, analysis.incidents.length);
  metrics.addMetric(
    'AthenaBytesScanned',
    MetricUnit.Bytes,
    analysis.queries.reduce((n, q) => n + (q.bytesScanned ?? 0), 0),
  );
  logger.info('Analysis finished', {
    asOf,
    kpis: analysis.kpis,
    alerts: analysis.alertsPublished,
    report: report.keys,
  });
  return {
    asOf,
    alertsPublished: analysis.alertsPublished,
    incidents: analysis.incidents.length,
    report: report.keys,
  };
};

export const handler = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
