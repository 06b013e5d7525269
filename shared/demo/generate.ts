/**
 * The demo data set: a realistic, deterministic Odigos world written to the raw bucket in the formats
 * real tools produce, plus the ground truth of what it contains.
 *
 * Keys (all under the raw bucket):
 * - `events/segment-logs/<sourceId>/<dayStartMs>/<dayStartMs>.<installationId>.gz` — Segment calls,
 *   gzipped NDJSON, one object per installation per received day; plus one truncated
 *   `events/segment-logs/<sourceId>/<dayStartMs>/corrupt-upload.gz`.
 * - `otlp/year=YYYY/month=MM/day=DD/hour=00/minute=00/metrics_<installationId>.json.gz` — one OTLP/JSON
 *   ExportMetricsServiceRequest per cluster per day (24 hourly points per series).
 * - `feedback/github/issues/page-<n>.json`, `feedback/github/issue-comments/page-<n>.json` — GitHub REST API pages.
 * - `feedback/slack/<channel>/<YYYY-MM-DD>.json`, `feedback/slack/users.json`, `feedback/slack/channels.json`.
 * - `surveys/nps-<YYYY-MM>.csv` — `respondent,score,comment,version,timestamp`.
 * - `releases/releases.json` — GitHub releases API JSON.
 */
import { gzipSync } from 'node:zlib';
import { ConfigError } from '../errors/index.ts';
import { noProgress, type Progress } from '../ports/logger.ts';
import type { ObjectStore, PutOptions } from '../ports/object-store.ts';
import { generateClickstream } from './clickstream.ts';
import { generateGitHub } from './github.ts';
import { buildGroundTruth, type GroundTruth } from './ground-truth.ts';
import { clusterMetrics, outlierCluster, releaseEffects } from './otlp.ts';
import { Random } from './random.ts';
import { releasesJson } from './releases.ts';
import { generateSlack } from './slack.ts';
import { generateSurveys } from './surveys.ts';
import { buildWorld } from './world.ts';

export type { GroundTruth } from './ground-truth.ts';

export interface DemoOptions {
  readonly seed: number;
  /** Last day with data (YYYY-MM-DD, UTC). */
  readonly endDate: string;
  /** Days of history, ending on `endDate` (14-366). */
  readonly days: number;
  /** UI users across all installations (10-5000). */
  readonly users: number;
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = { seed: 42, endDate: '2026-11-15', days: 60, users: 240 };

export interface DemoSummary {
  readonly files: number;
  readonly bytes: number;
  /** Objects per top-level prefix (events, otlp, feedback, surveys, releases). */
  readonly keysByPrefix: Record<string, number>;
  readonly groundTruth: GroundTruth;
}

const GITHUB_PAGE_SIZE = 100;
const JSON_TYPE: PutOptions = { contentType: 'application/json' };
const GZIP_TYPE: PutOptions = { contentType: 'application/gzip' };
const CSV_TYPE: PutOptions = { contentType: 'text/csv; charset=utf-8' };

/** Fails fast, naming the option, before anything is written. */
export function validateDemoOptions(options: DemoOptions): void {
  const problems: string[] = [];
  if (!Number.isSafeInteger(options.seed)) problems.push(`seed must be an integer (got ${options.seed})`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(options.endDate) ||
    new Date(`${options.endDate}T00:00:00Z`).toISOString().slice(0, 10) !== options.endDate
  )
    problems.push(`endDate must be a date as YYYY-MM-DD (got ${JSON.stringify(options.endDate)})`);
  if (!Number.isInteger(options.days) || options.days < 14 || options.days > 366)
    problems.push(`days must be an integer from 14 to 366 (got ${options.days})`);
  if (!Number.isInteger(options.users) || options.users < 10 || options.users > 5000)
    problems.push(`users must be an integer from 10 to 5000 (got ${options.users})`);
  if (problems.length) throw new ConfigError(`Invalid demo options: ${problems.join('; ')}`);
}

/**
 * Writes the demo data set to `bucket` in the formats real tools produce (Segment S3 objects, OTLP
 * JSON from the collector's awss3exporter, GitHub and Slack exports, survey CSVs, GitHub releases)
 * and returns what it contains. The same options give byte-identical objects on every run.
 *
 * @example
 *   const { groundTruth } = await writeDemoData(store, 'raw', DEFAULT_DEMO_OPTIONS);
 *   groundTruth.injectedAnomaly; // { cluster: 'prod-us-east-1', component: 'gateway', ... }
 */
export async function writeDemoData(
  store: ObjectStore,
  bucket: string,
  options: DemoOptions,
  progress: Progress = noProgress,
): Promise<DemoSummary> {
  validateDemoOptions(options);
  const random = new Random(options.seed);
  const world = buildWorld(random.fork('world'), options.endDate, options.days);

  let files = 0;
  let bytes = 0;
  const keysByPrefix: Record<string, number> = {};
  const put = async (key: string, body: Uint8Array | string, type: PutOptions) => {
    const data = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    await store.put(bucket, key, data, type);
    files++;
    bytes += data.length;
    const prefix = key.slice(0, key.indexOf('/'));
    keysByPrefix[prefix] = (keysByPrefix[prefix] ?? 0) + 1;
  };
  const gzip = (text: string) => gzipSync(text, { level: 6 });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

  // The clickstream is simulated day by day and each object written as soon as its day is complete.
  progress.start('Demo: UI sessions', options.days);
  const clickstream = generateClickstream(random.fork('clickstream'), world, options.users, () =>
    progress.tick(),
  );
  for (const { key, lines } of clickstream.objects())
    await put(key, gzip(`${lines.join('\n')}\n`), GZIP_TYPE);
  const { corrupt, truth: clickstreamTruth, adoption } = clickstream.result();
  const truncated = gzip(`${corrupt.lines.join('\n')}\n`);
  await put(corrupt.key, truncated.subarray(0, Math.floor(truncated.length * 0.55)), GZIP_TYPE);
  progress.done(`${clickstreamTruth.events} calls from ${clickstreamTruth.users} users`);

  const github = generateGitHub(random.fork('github'), world);
  const requests = new Map(github.requests);
  const slack = generateSlack(random.fork('slack'), world, requests);
  const surveys = generateSurveys(random.fork('surveys'), world);
  const releases = releasesJson(random.fork('releases'), world);
  const issuePages = Math.ceil(github.issues.length / GITHUB_PAGE_SIZE);
  const commentPages = Math.ceil(github.comments.length / GITHUB_PAGE_SIZE);
  progress.start(
    'Demo: metrics, feedback',
    world.clusters.length * world.days +
      issuePages +
      commentPages +
      slack.files.size +
      2 +
      surveys.files.size +
      1,
  );
  const putAndTick = async (key: string, body: Uint8Array | string, type: PutOptions) => {
    await put(key, body, type);
    progress.tick();
  };

  for (const cluster of world.clusters) {
    for (const { key, request } of clusterMetrics(random.fork('otlp'), world, cluster))
      await putAndTick(key, gzip(JSON.stringify(request)), GZIP_TYPE);
  }

  for (let page = 0; page < issuePages; page++)
    await putAndTick(
      `feedback/github/issues/page-${page + 1}.json`,
      json(github.issues.slice(page * GITHUB_PAGE_SIZE, (page + 1) * GITHUB_PAGE_SIZE)),
      JSON_TYPE,
    );
  for (let page = 0; page < commentPages; page++)
    await putAndTick(
      `feedback/github/issue-comments/page-${page + 1}.json`,
      json(github.comments.slice(page * GITHUB_PAGE_SIZE, (page + 1) * GITHUB_PAGE_SIZE)),
      JSON_TYPE,
    );
  await putAndTick('feedback/slack/channels.json', json(slack.channels), JSON_TYPE);
  await putAndTick('feedback/slack/users.json', json(slack.users), JSON_TYPE);
  for (const [key, messages] of slack.files) await putAndTick(key, json(messages), JSON_TYPE);
  for (const [key, csv] of surveys.files) await putAndTick(key, csv, CSV_TYPE);
  await putAndTick('releases/releases.json', json(releases), JSON_TYPE);

  const groundTruth = buildGroundTruth({
    options: { seed: options.seed, endDate: options.endDate, days: options.days, users: options.users },
    world,
    population: clickstream.population,
    clickstream: clickstreamTruth,
    adoption,
    corruptObjectKey: corrupt.key,
    releaseEffects: releaseEffects(world),
    outlier: outlierCluster(world),
    feedback: [...github.truth, ...slack.truth],
    requests,
    satisfaction: surveys.truth,
  });
  progress.done(`${files} files, ${(bytes / 1e6).toFixed(1)} MB`);
  return { files, bytes, keysByPrefix, groundTruth };
}
